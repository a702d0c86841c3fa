package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.tunnel.HubTls;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub with an operator's certificate: a chain issued by a CA of the test's making (openssl),
 * given as PEM files with {@code --tls-cert} and {@code --tls-key}. The agent and the CLI trust the
 * JDK's default store, set to hold that CA (as a company CA in the system store is), with no {@code
 * --trust-cert}. Renewing the files reaches new connections on both listeners while the device's
 * connection and an open stream carry on; bad files stop the hub with one line.
 */
class HubCertificateIT {
  private static final Duration UP = Duration.ofSeconds(120);

  private static Path dir;
  private static Path pki;
  private static HubProcess hub;
  private static TcpTargets echo;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "hub-cert-").toAbsolutePath();
    pki = Files.createDirectories(dir.resolve("pki"));
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "30",
        "-subj",
        "/CN=devstreams test CA",
        "-keyout",
        "ca-key.pem",
        "-out",
        "ca.pem");
    issue("first");
    issue("renewed");
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "company-ca",
        "-file",
        pki.resolve("ca.pem").toString(),
        "-keystore",
        pki.resolve("system-cas.p12").toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit");
    replace("first");
    hub =
        HubProcess.startWithCertificate(
            dir.resolve("hub"),
            pki.resolve("ca.pem"),
            pki.resolve("live-cert.pem"),
            pki.resolve("live-key.pem"));
    echo = TcpTargets.echo();
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(echo, hub);
  }

  @Test
  void clientsTrustingTheSystemStoreConnectAndARenewalReachesNewConnectionsOnly() throws Exception {
    assertThat(servedName(hub.port())).isEqualTo("CN=localhost first");
    assertThat(servedName(hub.deviceCertPort())).isEqualTo("CN=localhost first");
    Cli.Result created = Cli.run(systemTrust(owner()), "device", "create", "renewing");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    Map<String, String> agentEnv = systemTrust(new HashMap<>());
    agentEnv.put("DEVSTREAMS_DEVICE_CONNECTION_STRING", created.stdout().trim());
    List<AutoCloseable> open = new ArrayList<>();
    try {
      ManagedProcess agent =
          ManagedProcess.start(
              dir.resolve("agent.log"),
              agentEnv,
              "devstreams-device",
              List.of("--service", "echo=127.0.0.1:" + echo.port()));
      open.add(agent);
      agent.await("connected to", UP);
      ManagedProcess forward =
          ManagedProcess.start(
              dir.resolve("forward.log"),
              systemTrust(owner()),
              "devstreams",
              List.of("forward", "renewing", "echo", "--local-port", "0"));
      open.add(forward);
      Socket client = new Socket("127.0.0.1", forward.awaitForwardPort());
      open.add(client);
      client.setSoTimeout((int) UP.toMillis());
      assertThat(TcpTargets.echoLine(client, "before\n")).isEqualTo("before\n");

      replace("renewed");

      assertThat(awaitServedName(hub.port(), "CN=localhost renewed")).isTrue();
      assertThat(awaitServedName(hub.deviceCertPort(), "CN=localhost renewed")).isTrue();
      assertThat(TcpTargets.echoLine(client, "after\n"))
          .as("the stream opened before the renewal")
          .isEqualTo("after\n");
      Cli.Result stdio =
          Cli.runWithInput(
              systemTrust(owner()),
              write("stdin.txt", "new stream\n"),
              "stdio",
              "renewing",
              "echo");
      assertThat(stdio.exitCode()).as(stdio.stderr()).isZero();
      assertThat(new String(stdio.stdoutBytes(), StandardCharsets.UTF_8)).isEqualTo("new stream\n");
      assertThat(Files.readString(agent.log()))
          .as("the device's connection stayed up")
          .doesNotContain("disconnected from");
      assertThat(hub.awaitLogLine("TLS certificate reloaded", "CN=localhost renewed")).isNotEmpty();
    } finally {
      java.util.Collections.reverse(open);
      Closeables.closeAll(open.toArray(AutoCloseable[]::new));
    }
  }

  @Test
  void aKeyThatIsNotTheCertificatesStopsTheHubWithOneLine() {
    HubProcess.Refusal refusal =
        HubProcess.startExpectingRefusal(
            dir.resolve("mismatch"),
            Map.of(),
            UP,
            "--tls-cert",
            pki.resolve("first-fullchain.pem").toString(),
            "--tls-key",
            pki.resolve("renewed-key.pem").toString());

    assertThat(refusal.exitCode()).isNotZero();
    assertThat(refusal.output())
        .contains(
            "devstreams hub cannot start: TLS key "
                + pki.resolve("renewed-key.pem")
                + " is not the key of the certificate in "
                + pki.resolve("first-fullchain.pem"));
  }

  @Test
  void missingOrHalfGivenFilesAreRefusedBeforeJavaStarts() {
    HubProcess.Refusal missing =
        HubProcess.startExpectingRefusal(
            dir.resolve("missing"),
            Map.of(),
            UP,
            "--tls-cert",
            pki.resolve("nothing.pem").toString(),
            "--tls-key",
            pki.resolve("first-key.pem").toString());
    HubProcess.Refusal half =
        HubProcess.startExpectingRefusal(
            dir.resolve("half"),
            Map.of(),
            UP,
            "--tls-cert",
            pki.resolve("first-fullchain.pem").toString());

    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.output().strip())
        .isEqualTo(
            "devstreams-hub: cannot read the TLS file '"
                + pki.resolve("nothing.pem")
                + "' (it must be a readable file)");
    assertThat(half.exitCode()).isEqualTo(2);
    assertThat(half.output())
        .startsWith("devstreams-hub: --tls-cert needs --tls-key (the certificate's private key)");
  }

  /** The owner's connection string and nothing else of the hub's: no trusted certificate. */
  private static Map<String, String> owner() {
    Map<String, String> env = new HashMap<>();
    env.put("DEVSTREAMS_CONNECTION_STRING", hub.ownerConnectionString());
    return env;
  }

  /**
   * The JDK's default trust store, made to hold the test's CA, for every JVM the process starts.
   */
  private static Map<String, String> systemTrust(Map<String, String> env) {
    env.put(
        "JAVA_TOOL_OPTIONS",
        "-Djavax.net.ssl.trustStore="
            + pki.resolve("system-cas.p12")
            + " -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12");
    return env;
  }

  /** The subject of the certificate a new TLS connection to {@code port} gets. */
  private static String servedName(int port) throws IOException {
    try (SSLSocket socket =
        (SSLSocket)
            HubTls.sslContext(pki.resolve("ca.pem"))
                .getSocketFactory()
                .createSocket("localhost", port)) {
      socket.setSoTimeout(30_000);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
          .getSubjectX500Principal()
          .getName();
    }
  }

  /** Connects anew until {@code port} serves {@code name} (the files are looked at each second). */
  private static boolean awaitServedName(int port, String name) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (servedName(port).equals(name)) {
        return true;
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    return false;
  }

  /**
   * Issues a certificate for localhost and 127.0.0.1 from the test CA: NAME-fullchain.pem,
   * NAME-key.pem.
   */
  private static void issue(String name) throws IOException {
    openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-subj",
        "/CN=localhost " + name,
        "-keyout",
        name + "-key.pem",
        "-out",
        name + ".csr");
    Files.writeString(
        pki.resolve("ext.cnf"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca-key.pem",
        "-CAcreateserial",
        "-days",
        "20",
        "-extfile",
        "ext.cnf",
        "-out",
        name + "-cert.pem");
    Files.writeString(
        pki.resolve(name + "-fullchain.pem"),
        Files.readString(pki.resolve(name + "-cert.pem"))
            + Files.readString(pki.resolve("ca.pem")));
  }

  /**
   * Puts NAME's files where the hub reads them, each by an atomic rename, as certbot's links do.
   */
  private static void replace(String name) throws IOException {
    for (String[] file :
        new String[][] {
          {name + "-fullchain.pem", "live-cert.pem"}, {name + "-key.pem", "live-key.pem"}
        }) {
      Path tmp = pki.resolve(file[1] + ".new");
      Files.copy(pki.resolve(file[0]), tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(
          tmp,
          pki.resolve(file[1]),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static void openssl(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    run(cmd);
  }

  private static void keytool(String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    cmd.addAll(List.of(args));
    run(cmd);
  }

  private static void run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).directory(pki.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
