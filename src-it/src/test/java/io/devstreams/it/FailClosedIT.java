package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hub that cannot read its keys, certificate, database or settings, or cannot write its data
 * directory, refuses to start: the real launcher exits non-zero within a bound, its output has one
 * line naming the problem, it never said it was listening, and its port does not answer. What the
 * launcher can check fails before Java starts; the rest fails in the hub, which then stops its JVM
 * (Payara Micro alone would keep running after a failed deployment).
 */
class FailClosedIT {
  /** The launcher's own checks take well under a second; a JVM start is not needed for them. */
  private static final Duration LAUNCHER_BOUND = Duration.ofSeconds(20);

  /** Payara boots (10–17 s here), the hub's start-up fails, and the JVM exits. */
  private static final Duration HUB_BOUND = Duration.ofSeconds(120);

  private static Path root;

  @BeforeAll
  static void createRoot() throws IOException {
    root = Files.createTempDirectory(Path.of("target"), "fail-closed-").toAbsolutePath();
  }

  @Test
  void dataDirectoryThatIsAFileIsRefusedByTheLauncher() throws IOException {
    Path notADirectory = Files.writeString(root.resolve("plain-file"), "not a directory");

    HubProcess.Refusal r = refuse(notADirectory, Map.of(), LAUNCHER_BOUND);

    assertOneLine(
        r, "devstreams-hub: data directory '" + notADirectory + "' exists and is not a directory");
  }

  @Test
  void corruptKeystoreIsRefusedByTheLauncher() throws Exception {
    Path dir = dataDirWithKeystore("corrupt-keystore");
    Files.write(dir.resolve("hub-keystore.p12"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x03, 0x7f});

    HubProcess.Refusal r = refuse(dir, Map.of(), LAUNCHER_BOUND);

    assertOneLine(
        r, "devstreams-hub: cannot open the TLS keystore " + dir.resolve("hub-keystore.p12"));
  }

  @Test
  void keystoreWithoutItsPasswordFileIsRefusedByTheLauncher() throws Exception {
    Path dir = dataDirWithKeystore("no-password");
    Files.delete(dir.resolve("hub-secrets.properties"));

    HubProcess.Refusal r = refuse(dir, Map.of(), LAUNCHER_BOUND);

    assertOneLine(r, "devstreams-hub: cannot read " + dir.resolve("hub-secrets.properties"));
  }

  @Test
  void unreadableCertificateIsRefusedByTheLauncher() throws Exception {
    Path dir = dataDirWithKeystore("unreadable-cert");
    Files.createDirectory(dir.resolve("hub-cert.pem"));

    HubProcess.Refusal r = refuse(dir, Map.of(), LAUNCHER_BOUND);

    assertOneLine(
        r, "devstreams-hub: cannot read the hub certificate " + dir.resolve("hub-cert.pem"));
  }

  @Test
  void corruptDatabaseStopsTheHub() throws IOException {
    Path dir = Files.createDirectories(root.resolve("corrupt-database"));
    byte[] garbage = new byte[64 * 1024];
    new java.util.Random(5).nextBytes(garbage);
    Files.write(dir.resolve("registry.mv.db"), garbage);

    HubProcess.Refusal r = refuse(dir, Map.of(), HUB_BOUND);

    // This fails in Payara's JPA deployer, before any code of the hub runs: the launcher's watch on
    // the JVM's output stops it (SIGTERM, so the exit status is 143).
    assertOneLine(r, "devstreams-hub: the hub failed to deploy (");
    assertThat(r.output()).contains("Store header is corrupt: " + dir.resolve("registry.mv.db"));
  }

  @Test
  void dataDirectoryWhereTheOwnerFileCannotBeWrittenStopsTheHub() throws IOException {
    Path dir = Files.createDirectories(root.resolve("owner-file-blocked"));
    Path ownerFile = Files.createDirectory(dir.resolve("owner.connection-string"));

    HubProcess.Refusal r = refuse(dir, Map.of(), HUB_BOUND);

    assertOneLine(r, "devstreams hub cannot start: cannot write " + ownerFile);
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void tokenLifetimeSettingAboveItsCapStopsTheHub() throws IOException {
    Path dir = Files.createDirectories(root.resolve("invalid-setting"));

    HubProcess.Refusal r =
        refuse(
            dir,
            Map.of("DEVSTREAMS_HUB_JAVA_OPTS", "-Ddevstreams.sas.max-lifetime=P365D"),
            HUB_BOUND);

    assertOneLine(
        r,
        "devstreams hub cannot start: devstreams.sas.max-lifetime must be at most PT720H"
            + " (got 'PT8760H')");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void controlConnectionLimitBelowOneStopsTheHub() throws IOException {
    Path dir = Files.createDirectories(root.resolve("invalid-control-limit"));

    HubProcess.Refusal r =
        refuse(
            dir,
            Map.of("DEVSTREAMS_HUB_JAVA_OPTS", "-Ddevstreams.control.max-per-address=0"),
            HUB_BOUND);

    assertOneLine(
        r,
        "devstreams hub cannot start: devstreams.control.max-per-address must be at least 1"
            + " (got '0')");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void heartbeatTimeoutThatIsNoDurationStopsTheHub() throws IOException {
    Path dir = Files.createDirectories(root.resolve("invalid-heartbeat-timeout"));

    HubProcess.Refusal r =
        refuse(
            dir,
            Map.of("DEVSTREAMS_HUB_JAVA_OPTS", "-Ddevstreams.control.heartbeat-timeout=60s"),
            HUB_BOUND);

    assertOneLine(
        r,
        "devstreams hub cannot start: devstreams.control.heartbeat-timeout must be an ISO-8601"
            + " duration such as PT30S (got '60s')");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void v2WindowBelowOneFrameStopsTheHub() throws IOException {
    Path dir = Files.createDirectories(root.resolve("invalid-v2-window"));

    HubProcess.Refusal r =
        refuse(
            dir,
            Map.of("DEVSTREAMS_HUB_JAVA_OPTS", "-Ddevstreams.v2.stream-window=1024"),
            HUB_BOUND);

    assertOneLine(r, "devstreams hub cannot start: devstreams.v2.stream-window must be from ");
    assertThat(r.output()).contains(" bytes (got '1024')");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void deviceCertificatePortInUseIsRefusedByTheLauncher() throws IOException {
    Path dir = root.resolve("cert-port-taken");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      HubProcess.Refusal r =
          refuse(
              dir,
              Map.of(),
              LAUNCHER_BOUND,
              "--device-cert-port",
              Integer.toString(taken.getLocalPort()));

      assertOneLine(
          r,
          "devstreams-hub: port "
              + taken.getLocalPort()
              + " (--device-cert-port) is already in use; stop what holds it, choose another, or"
              + " give 0 to run without the device-certificate listener");
      assertThat(r.exitCode()).isEqualTo(1);
    }
  }

  private static HubProcess.Refusal refuse(
      Path dir, Map<String, String> env, Duration bound, String... extraArgs) {
    HubProcess.Refusal r = HubProcess.startExpectingRefusal(dir, env, bound, extraArgs);
    assertThat(r.exitCode()).as(r.output()).isNotZero();
    assertThat(r.took()).isLessThan(bound);
    assertThatThrownBy(() -> connect(r.port())).isInstanceOf(ConnectException.class);
    return r;
  }

  /** The output has exactly one line starting with {@code start}: the one clear error. */
  private static void assertOneLine(HubProcess.Refusal r, String start) {
    List<String> lines = r.output().lines().filter(l -> l.startsWith(start)).toList();
    assertThat(lines).as(r.output()).hasSize(1);
  }

  private static void connect(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    }
  }

  /** A data directory with a good keystore and its password file, as a first start leaves it. */
  private static Path dataDirWithKeystore(String name) throws Exception {
    Path dir = Files.createDirectories(root.resolve(name));
    String password = "fail-closed-test";
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "devstreams",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-validity",
                "2",
                "-keystore",
                dir.resolve("hub-keystore.p12").toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                password,
                "-keypass",
                password)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
    Files.writeString(
        dir.resolve("hub-secrets.properties"),
        "javax.net.ssl.keyStore="
            + dir.resolve("hub-keystore.p12")
            + "\njavax.net.ssl.keyStorePassword="
            + password
            + "\njavax.net.ssl.keyStoreType=PKCS12\n");
    return dir;
  }
}
