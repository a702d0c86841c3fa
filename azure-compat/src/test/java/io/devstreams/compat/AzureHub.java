package io.devstreams.compat;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real hub for the whole test run, started with {@code bin/devstreams-hub} on port 443 with the
 * public URL {@code https://localhost}, as the Azure SDKs need it: they dial the connection
 * string's {@code HostName} on 443 and sign their tokens for that name. The JVM trusts the hub's
 * self-signed certificate through {@code javax.net.ssl.trustStore}, as a Java user would set it.
 *
 * <p>Tests get it as a parameter; it is stopped when the run ends.
 */
public final class AzureHub implements BeforeAllCallback, ParameterResolver {

  /** The port the SDKs assume. */
  static final int PORT = 443;

  private static final String READY_LINE = "devstreams hub listening on";
  private static final Path LOCK = Path.of("/tmp/devstreams-443.lock");
  private static final String EOF = "\u0000EOF";

  @Override
  public void beforeAll(ExtensionContext context) {
    running(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Running.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return running(context);
  }

  private static Running running(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
  }

  /** The started hub: its data directory's connection string and certificate. */
  public static final class Running
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private final FileLock lock;
    private final Process process;
    private final Path dataDir;

    private Running(FileLock lock, Process process, Path dataDir) {
      this.lock = lock;
      this.process = process;
      this.dataDir = dataDir;
    }

    static Running start() {
      FileLock lock = lock443();
      try {
        requirePort443();
        Path target = root().resolve("azure-compat/target");
        Path dataDir = target.resolve("azure-hub");
        deleteTree(dataDir);
        Process process =
            new ProcessBuilder(
                    root().resolve("bin/devstreams-hub").toString(),
                    "--port",
                    Integer.toString(PORT),
                    "--public-url",
                    "https://localhost",
                    "--device-cert-port",
                    "0",
                    "--data-dir",
                    dataDir.toString())
                .redirectErrorStream(true)
                .start();
        Running hub = new Running(lock, process, dataDir);
        try {
          awaitLine(process.getInputStream(), target.resolve("azure-hub.log"));
          trustHubCertificate(hub.certificate(), target.resolve("azure-hub-truststore.p12"));
          awaitApi(hub.ownerConnectionString());
        } catch (RuntimeException | Error e) {
          hub.close();
          throw e;
        }
        return hub;
      } catch (IOException e) {
        release(lock);
        throw new UncheckedIOException(e);
      }
    }

    /** The owner connection string, {@code HostName=localhost;SharedAccessKeyName=...}. */
    public String ownerConnectionString() {
      try {
        return Files.readString(dataDir.resolve("owner.connection-string")).trim();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The hub's self-signed certificate (PEM). */
    public Path certificate() {
      return dataDir.resolve("hub-cert.pem");
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      } finally {
        release(lock);
      }
    }
  }

  static Path root() {
    return Path.of(System.getProperty("devstreams.root", "..")).toAbsolutePath().normalize();
  }

  /** Waits for the other users of port 443 on this machine (another checkout's run) to finish. */
  private static FileLock lock443() {
    try {
      FileChannel channel =
          FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      return channel.lock();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + LOCK, e);
    }
  }

  private static void release(FileLock lock) {
    try {
      lock.channel().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void requirePort443() {
    try (ServerSocket probe = new ServerSocket(PORT)) {
      probe.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(
          "the Azure SDK suites run the hub on port 443, which the SDKs assume; port 443 cannot"
              + " be bound here ("
              + e.getMessage()
              + "): run as root (CI does) with port 443 free",
          e);
    }
  }

  /** Copies the hub's output to {@code log} and returns once it printed its ready line. */
  private static void awaitLine(InputStream output, Path log) {
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread copier =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
                  OutputStream out = Files.newOutputStream(log)) {
                for (String line; (line = in.readLine()) != null; ) {
                  out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                  out.flush();
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("(output copy failed: " + e + ")");
              } finally {
                lines.add(EOF);
              }
            },
            "azure-hub-output");
    copier.setDaemon(true);
    copier.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    try {
      while (true) {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null || line.equals(EOF)) {
          throw new AssertionError("the hub did not print its ready line; see " + log);
        }
        if (line.contains(READY_LINE)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while the hub started", e);
    }
  }

  /**
   * Waits until the registry answers: the ready line comes when the application's CDI context
   * starts, and Payara finishes loading the application a moment later. A missing device's 404 is
   * the answer of a working registry.
   */
  private static void awaitApi(String connectionString) {
    RegistryClient registry = new RegistryClient(connectionString);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        registry.getDevice("readiness-probe");
        throw new AssertionError("a device nobody created was found");
      } catch (IotHubNotFoundException e) {
        return;
      } catch (IOException | IotHubException e) {
        last = e;
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
    throw new AssertionError(
        "the hub printed its ready line but its registry never answered", last);
  }

  /**
   * Makes this JVM trust the hub's certificate, the way a Java user of Azure's SDK would: a
   * truststore named in {@code javax.net.ssl.trustStore}. It must be set before this JVM's first
   * TLS connection, which is why the hub is started before any test runs.
   */
  private static void trustHubCertificate(Path pem, Path truststore) {
    try (InputStream in = Files.newInputStream(pem);
        OutputStream out = Files.newOutputStream(truststore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry(
          "devstreams-hub", CertificateFactory.getInstance("X.509").generateCertificate(in));
      store.store(out, "changeit".toCharArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the truststore", e);
    }
    System.setProperty("javax.net.ssl.trustStore", truststore.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
