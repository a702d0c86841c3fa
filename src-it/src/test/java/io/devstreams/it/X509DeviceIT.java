package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.Thumbprints;
import io.devstreams.protocol.tunnel.ClientIdentity;
import io.devstreams.protocol.tunnel.HubTls;
import io.devstreams.protocol.tunnel.TestCertificates;
import io.devstreams.protocol.tunnel.TestCertificates.DeviceFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Devices that authenticate with an X.509 certificate (mutual TLS on the hub's device-certificate
 * listener), end to end: {@code device create --x509}, the real agent with {@code --cert/--key}, a
 * stream through it; and every way in that must stay shut: certificates no device is registered
 * with, expired ones, another device's, a token on that listener, the REST API there, no
 * certificate at all, and a certificate device on the main listener.
 */
class X509DeviceIT {
  private static final Duration UP = Duration.ofSeconds(90);
  private static Path dir;
  private static HubProcess hub;
  private static TcpTargets echo;
  private static DeviceFiles device;
  private static DeviceFiles secondary;
  private static DeviceFiles unknown;
  private static DeviceFiles expired;
  private static DeviceFiles other;
  private static String connectionString;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory(Path.of("target"), "x509-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
    echo = TcpTargets.echo();
    Path certs = Files.createDirectories(dir.resolve("certs"));
    device = TestCertificates.device(certs, "cam1", "-1d", 30);
    secondary = TestCertificates.device(certs, "cam1-next", "-1d", 30);
    unknown = TestCertificates.device(certs, "stranger", "-1d", 30);
    expired = TestCertificates.device(certs, "expired", "-10d", 2);
    other = TestCertificates.device(certs, "cam2", "-1d", 30);
    Cli.Result created =
        Cli.run(
            Cli.ownerEnv(hub),
            "device",
            "create",
            "cam1",
            "--x509",
            device.certificatePem().toString(),
            "--x509-secondary",
            secondary.certificatePem().toString());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    connectionString = created.stdout().trim();
    created =
        Cli.run(
            Cli.ownerEnv(hub),
            "device",
            "create",
            "cam2",
            "--x509",
            other.certificatePem().toString());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    // The expired certificate is registered too: the handshake must refuse it for its dates.
    created =
        Cli.run(
            Cli.ownerEnv(hub),
            "device",
            "create",
            "old",
            "--x509",
            expired.certificatePem().toString());
    assertThat(created.exitCode()).as(created.toString()).isZero();
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(echo, hub);
  }

  private static ManagedProcess agent(String logName, String connection, DeviceFiles files) {
    return ManagedProcess.agent(
        dir.resolve(logName),
        hub,
        connection,
        List.of(
            "--service",
            "echo=127.0.0.1:" + echo.port(),
            "--cert",
            files.certificatePem().toString(),
            "--key",
            files.keyPem().toString()));
  }

  private static ClientIdentity identity(DeviceFiles files) {
    return ClientIdentity.load(files.certificatePem(), files.keyPem());
  }

  private static void assertEchoes(String deviceId) {
    byte[] payload = new byte[1024 * 1024];
    new Random(5).nextBytes(payload);
    try (StdioSession stdio = StdioSession.start(Cli.ownerEnv(hub), deviceId, "echo")) {
      stdio.sendAndClose(payload);
      assertThat(stdio.awaitExit(UP)).as(stdio.stderr()).isZero();
      assertThat(TcpTargets.sha256(stdio.stdout())).isEqualTo(TcpTargets.sha256(payload));
    }
  }

  /**
   * Sends a request over mutual TLS with {@code identity} to the device-certificate listener and
   * returns what came back: the status line, or the failure that ended the connection.
   */
  private static String statusLineOrFailure(ClientIdentity identity, String request) {
    try (SSLSocket socket =
        (SSLSocket)
            HubTls.sslContext(hub.trustCert(), identity).getSocketFactory().createSocket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), hub.deviceCertPort()), 10_000);
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
        line.append((char) c);
      }
      return line.length() == 0 ? "closed without an answer" : line.toString();
    } catch (SSLException e) {
      return "TLS failure: " + e.getMessage();
    } catch (IOException e) {
      return "closed: " + e.getMessage();
    }
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: " + hub.hostPort() + "\r\n\r\n";
  }

  @Test
  void aDeviceCreatedWithItsCertificateServesStreamsWithEitherOfItsCertificates() {
    assertThat(connectionString)
        .isEqualTo("HostName=localhost:" + hub.deviceCertPort() + ";DeviceId=cam1;x509=true");
    Cli.Result shown = Cli.run(Cli.ownerEnv(hub), "device", "show", "cam1");
    assertThat(shown.stdout())
        .contains("selfSigned")
        .contains(Thumbprints.sha256(device.certificate()))
        .contains(Thumbprints.sha256(secondary.certificate()));

    try (ManagedProcess agent = agent("agent-primary.log", connectionString, device)) {
      agent.await("connected to localhost:" + hub.deviceCertPort() + " as device cam1", UP);
      assertEchoes("cam1");
    }
    try (ManagedProcess agent = agent("agent-secondary.log", connectionString, secondary)) {
      agent.await("connected to", UP);
      assertEchoes("cam1");
    }
  }

  @Test
  void unregisteredAndExpiredCertificatesFailTheHandshake() throws Exception {
    String unknownAnswer = statusLineOrFailure(identity(unknown), get("/devices/cam1/streams"));
    String expiredAnswer = statusLineOrFailure(identity(expired), get("/devices/old/streams"));

    assertThat(unknownAnswer).doesNotStartWith("HTTP/");
    assertThat(expiredAnswer).doesNotStartWith("HTTP/");
    hub.awaitLogLine(
        "device certificate refused from",
        "no device is registered with certificate thumbprint "
            + Thumbprints.sha256(unknown.certificate()));
    hub.awaitLogLine("device certificate refused from", "certificate expired on");

    try (ManagedProcess agent = agent("agent-stranger.log", connectionString, unknown)) {
      assertThat(agent.await("cannot connect to localhost:" + hub.deviceCertPort(), UP))
          .contains("is this certificate registered for the device");
      assertThat(Files.readString(agent.log())).doesNotContain("connected to");
    }
  }

  @Test
  void noCertificateOrAnOldProtocolFailsTheHandshake() throws Exception {
    for (List<String> options :
        List.of(List.<String>of(), List.of("-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"))) {
      List<String> command =
          new java.util.ArrayList<>(
              List.of(
                  "openssl",
                  "s_client",
                  "-connect",
                  "127.0.0.1:" + hub.deviceCertPort(),
                  "-CAfile",
                  hub.trustCert().toString()));
      command.addAll(options);
      Process openssl = new ProcessBuilder(command).redirectErrorStream(true).start();
      openssl.getOutputStream().write(get("/health").getBytes(StandardCharsets.US_ASCII));
      openssl.getOutputStream().close();
      assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(output).as(String.join(" ", options)).doesNotContain("HTTP/1.1");
    }
  }

  @Test
  void anotherDevicesCertificateOrATokenIsRefusedBeforeTheUpgrade() {
    RawWebSocket asCam1 =
        RawWebSocket.connectWithCertificate(
            hub, identity(other), "/devices/cam1/streams", List.of());
    assertThat(asCam1.response().status()).as(asCam1.response().toString()).isEqualTo(401);

    String token = new HubHttp(hub).policyToken("iothubowner");
    RawWebSocket withToken =
        RawWebSocket.connectWithCertificate(
            hub, identity(other), "/devices/cam2/streams", List.of("Authorization: " + token));
    assertThat(withToken.response().status()).as(withToken.response().toString()).isEqualTo(401);

    RawWebSocket own =
        RawWebSocket.connectWithCertificate(
            hub, identity(other), "/devices/cam2/streams", List.of());
    try (own) {
      assertThat(own.upgraded()).as(own.response().toString()).isTrue();
    }
    hub.awaitLogLine("authentication failed from", "is not one of device 'cam1'");
  }

  @Test
  void theCertificateListenerServesNothingButDeviceConnections() {
    String listing = statusLineOrFailure(identity(other), get("/devices"));
    String health = statusLineOrFailure(identity(other), get("/health"));

    assertThat(listing).startsWith("HTTP/1.1 403");
    assertThat(health).startsWith("HTTP/1.1 403");
  }

  @Test
  void aCertificateDeviceCannotUseTheMainListener() {
    RawWebSocket main = RawWebSocket.connect(hub, "/devices/cam2/streams", (String) null);

    assertThat(main.response().status()).isEqualTo(401);
  }

  @Test
  void aDeletedDevicesCertificateFailsTheHandshakeAtOnce() throws Exception {
    DeviceFiles gone = TestCertificates.device(dir.resolve("certs"), "gone", "-1d", 30);
    Cli.Result created =
        Cli.run(
            Cli.ownerEnv(hub),
            "device",
            "create",
            "gone",
            "--x509",
            gone.certificatePem().toString());
    assertThat(created.exitCode()).as(created.toString()).isZero();
    RawWebSocket before =
        RawWebSocket.connectWithCertificate(
            hub, identity(gone), "/devices/gone/streams", List.of());
    try (before) {
      assertThat(before.upgraded()).as(before.response().toString()).isTrue();
    }

    assertThat(Cli.run(Cli.ownerEnv(hub), "device", "delete", "gone").exitCode()).isZero();

    assertThat(statusLineOrFailure(identity(gone), get("/devices/gone/streams")))
        .doesNotStartWith("HTTP/");
    assertThatThrownBy(
            () ->
                RawWebSocket.connectWithCertificate(
                    hub, identity(gone), "/devices/gone/streams", List.of()))
        .isInstanceOf(RuntimeException.class);
  }
}
