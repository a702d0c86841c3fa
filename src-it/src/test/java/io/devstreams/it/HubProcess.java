package io.devstreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real hub, started with {@code bin/devstreams-hub} on a free loopback port and a fresh data
 * directory, as a user would start it.
 */
final class HubProcess implements AutoCloseable {
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  static final String READY_LINE = "devstreams hub listening on";

  private final Path dataDir;
  private final int port;
  private final int deviceCertPort = freePort();
  private final List<String> extraArgs;
  private final java.util.Map<String, String> env;
  private Process process;
  private ProcessOutput output;
  private int starts;
  private Path trust;

  private HubProcess(
      Path dataDir, int port, List<String> extraArgs, java.util.Map<String, String> env) {
    this.dataDir = dataDir;
    this.port = port;
    this.extraArgs = extraArgs;
    this.env = env;
  }

  /** Starts a hub in {@code dataDir} on a free port and waits until it says it listens. */
  static HubProcess start(Path dataDir, String... extraArgs) {
    return start(dataDir, java.util.Map.of(), extraArgs);
  }

  /** Starts a hub with extra environment, e.g. {@code DEVSTREAMS_HUB_JAVA_OPTS} for settings. */
  static HubProcess start(Path dataDir, java.util.Map<String, String> env, String... extraArgs) {
    HubProcess hub = new HubProcess(dataDir, freePort(), List.of(extraArgs), env);
    hub.startProcess();
    return hub;
  }

  /**
   * Starts a hub serving the operator's certificate chain and key ({@code --tls-cert}, {@code
   * --tls-key}) instead of its self-signed certificate; the test's clients trust {@code ca}.
   */
  static HubProcess startWithCertificate(Path dataDir, Path ca, Path certFile, Path keyFile) {
    HubProcess hub =
        new HubProcess(
            dataDir,
            freePort(),
            List.of("--tls-cert", certFile.toString(), "--tls-key", keyFile.toString()),
            java.util.Map.of());
    hub.trust = ca;
    hub.startProcess();
    return hub;
  }

  /**
   * Starts a hub whose public URL (device and service connection strings, stream URLs, its
   * certificate's names) is {@code https://publicHost:PORT}, for clients that reach it on another
   * address than localhost.
   */
  static HubProcess startPublic(
      Path dataDir, java.util.Map<String, String> env, String publicHost) {
    int port = freePort();
    HubProcess hub =
        new HubProcess(
            dataDir, port, List.of("--public-url", "https://" + publicHost + ":" + port), env);
    hub.startProcess();
    return hub;
  }

  /**
   * A start that ended on its own: the exit code, everything printed, how long it took, and the
   * port it was given.
   */
  record Refusal(int exitCode, String output, Duration took, int port) {}

  /**
   * Starts a hub that is expected to refuse to start, waits for it to exit (at most {@code
   * timeout}) and returns how it ended; fails if it printed its ready line or is still running.
   */
  static Refusal startExpectingRefusal(
      Path dataDir, java.util.Map<String, String> env, Duration timeout, String... extraArgs) {
    int port = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(repoRoot().resolve("bin/devstreams-hub").toString());
    cmd.addAll(List.of("--port", Integer.toString(port), "--data-dir", dataDir.toString()));
    cmd.addAll(List.of("--device-cert-port", Integer.toString(freePort())));
    cmd.addAll(List.of(extraArgs));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile());
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p;
    try {
      p = pb.start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(
            "the hub was still running after " + timeout + ": " + readLog(dataDir));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    String output = readLog(dataDir);
    if (output.contains(READY_LINE)) {
      throw new AssertionError("the hub printed its ready line:\n" + output);
    }
    return new Refusal(p.exitValue(), output, took, port);
  }

  private static String readLog(Path dataDir) {
    try {
      return Files.readString(dataDir.resolveSibling(dataDir.getFileName() + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("devstreams.root", "..")).toAbsolutePath().normalize();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void startProcess() {
    List<String> cmd = new ArrayList<>();
    cmd.add(repoRoot().resolve("bin/devstreams-hub").toString());
    cmd.addAll(List.of("--port", Integer.toString(port), "--data-dir", dataDir.toString()));
    // Its own free port for the device-certificate listener, not the default --port + 1, which
    // another process may hold.
    cmd.addAll(List.of("--device-cert-port", Integer.toString(deviceCertPort)));
    cmd.addAll(extraArgs);
    try {
      Files.createDirectories(dataDir);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().putAll(env);
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    starts++;
    output = new ProcessOutput(process.getInputStream(), dataDir.resolve("hub-" + starts + ".log"));
    try {
      output.await(l -> l.contains(READY_LINE), START_TIMEOUT, "the hub's ready line");
      awaitApi();
    } catch (Error | RuntimeException e) {
      // Any failure to come up, a linkage error included, must not leave the hub running.
      process.destroyForcibly();
      throw e;
    }
  }

  /**
   * Waits until the REST API answers an authenticated request: the ready line is printed when the
   * application's CDI context starts, and Payara finishes loading the application a moment later
   * (one request in that window got a bare 500 in CI).
   */
  private void awaitApi() {
    HubHttp http = new HubHttp(this);
    String token = http.policyToken("iothubowner");
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
    int status = 0;
    while (System.nanoTime() < deadline) {
      status =
          http.send(http.request("/devices?top=1").header("Authorization", token).GET())
              .statusCode();
      if (status == 200) {
        return;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(java.time.Duration.ofMillis(100).toNanos());
    }
    throw new AssertionError("the hub printed its ready line but GET /devices answered " + status);
  }

  int port() {
    return port;
  }

  Path dataDir() {
    return dataDir;
  }

  /** The port of the listener for devices with X.509 certificates (mutual TLS). */
  int deviceCertPort() {
    return deviceCertPort;
  }

  String hostPort() {
    return "localhost:" + port;
  }

  String baseUrl() {
    return "https://" + hostPort();
  }

  /**
   * The certificate clients trust: the hub's self-signed one, or the CA of the one it was given.
   */
  Path trustCert() {
    return trust != null ? trust : dataDir.resolve("hub-cert.pem");
  }

  String ownerConnectionString() {
    try {
      return Files.readString(dataDir.resolve("owner.connection-string"), StandardCharsets.UTF_8)
          .trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The log of the current (latest) run of the hub. */
  Path log() {
    return dataDir.resolve("hub-" + starts + ".log");
  }

  /**
   * Waits (at most 20 s) for a line of the current log that contains every one of {@code parts},
   * and returns it; fails naming them if none comes.
   */
  String awaitLogLine(String... parts) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        for (String line : Files.readAllLines(log())) {
          if (java.util.Arrays.stream(parts).allMatch(line::contains)) {
            return line;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the hub never logged a line with " + List.of(parts));
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  Process process() {
    return process;
  }

  long pid() {
    return process.pid();
  }

  /** Kills the hub with SIGKILL (no shutdown hooks) and waits for it to be gone. */
  void kill9() {
    process.destroyForcibly();
    awaitExit();
  }

  /** Starts the hub again on the same port and data directory. */
  void restart() {
    if (process.isAlive()) {
      stop();
    }
    startProcess();
  }

  /**
   * Sends the hub SIGTERM and goes on reading its output ({@link Process#destroy} would close the
   * pipe, and the log of its stop would be lost).
   */
  void sigterm() {
    process.toHandle().destroy();
  }

  /** Stops the hub with SIGTERM. */
  void stop() {
    process.destroy();
    if (!awaitExit()) {
      kill9();
    }
  }

  /** Waits up to 30 s for the hub process to exit; returns whether it did. */
  boolean awaitExit() {
    try {
      return process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      stop();
    }
  }
}
