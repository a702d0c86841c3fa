package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.ConnectionString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub as a user runs it: first start, the CLI, {@code kill -9} and restart with the registry
 * intact, HTTPS only with TLS 1.2 and 1.3.
 */
class HubLifecycleIT {
  private static HubProcess hub;

  @BeforeAll
  static void startHub() throws IOException {
    hub =
        HubProcess.start(
            Files.createTempDirectory(Path.of("target"), "lifecycle-").toAbsolutePath());
  }

  @AfterAll
  static void stopHub() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void firstStartWritesTheOwnerConnectionStringReadableOnlyByTheOwner() throws IOException {
    Path file = hub.dataDir().resolve("owner.connection-string");
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    ConnectionString cs = ConnectionString.parse(hub.ownerConnectionString());
    assertThat(cs.hostName()).isEqualTo(hub.hostPort());
    assertThat(cs.sharedAccessKeyName()).isEqualTo("iothubowner");
    // The hub's output here is a pipe, as under a supervisor: the key stays in the file.
    assertThat(Files.readString(hub.log()))
        .doesNotContain(cs.sharedAccessKey())
        .contains("not shown", file.toString());
    assertThat(Files.readAllLines(hub.log()))
        .as("warnings and errors on a first start")
        .noneMatch(line -> line.matches("\\S+ (WARN|WARNING|SEVERE) .*"))
        .noneMatch(line -> line.contains("Invalid Session Management Configuration"))
        .noneMatch(line -> line.contains("\u001b["));
  }

  @Test
  void deviceSurvivesKillDashNineWithTheSameKeysAndEtag() {
    Map<String, String> env = Cli.ownerEnv(hub);
    Cli.Result created = Cli.run(env, "device", "create", "dev1");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    ConnectionString device = ConnectionString.parse(created.stdout().trim());
    assertThat(device.deviceId()).isEqualTo("dev1");
    assertThat(device.hostName()).isEqualTo(hub.hostPort());
    Cli.Result before = Cli.run(env, "device", "show", "dev1", "--json");
    assertThat(before.exitCode()).as(before.toString()).isZero();
    assertThat(before.stdout()).contains(device.sharedAccessKey());

    hub.kill9();
    hub.restart();

    Cli.Result after = Cli.run(env, "device", "show", "dev1", "--json");
    assertThat(after.exitCode()).as(after.toString()).isZero();
    assertThat(after.stdout()).isEqualTo(before.stdout());
  }

  @Test
  void answersSayStrictTransportSecurityAndNotTheServerSoftware() {
    HubHttp http = new HubHttp(hub);
    for (java.net.http.HttpResponse<String> r :
        List.of(
            http.send(http.request("/health").GET()),
            http.send(http.request("/devices").GET()),
            http.get("/devices", http.policyToken("iothubowner")))) {
      assertThat(r.headers().firstValue("Strict-Transport-Security"))
          .as("%s %s", r.uri(), r.statusCode())
          .hasValue("max-age=31536000");
      assertThat(r.headers().map().keySet())
          .as("%s %s", r.uri(), r.statusCode())
          .noneMatch(h -> h.equalsIgnoreCase("Server") || h.equalsIgnoreCase("X-Powered-By"));
    }
  }

  @Test
  void plainHttpIsRefused() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", hub.port()), 5000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] answer = in.readNBytes(12);
      assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotStartWith("HTTP/");
    }
  }

  @Test
  void hubListensOnItsTwoTlsPortsOnly() throws Exception {
    Process ss = new ProcessBuilder("ss", "-Hltnp").redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
    List<String> ours = out.lines().filter(l -> l.contains("pid=" + hub.pid() + ",")).toList();
    // The main listener and the device-certificate listener (mutual TLS), nothing else.
    assertThat(ours)
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).contains(":" + hub.port() + " "))
        .anySatisfy(l -> assertThat(l).contains(":" + hub.deviceCertPort() + " "));
  }

  @Test
  void tls11IsRefusedWhileTls12And13AreAccepted() throws Exception {
    assertThat(handshake("-tls1_1")).as("TLS 1.1").contains("Cipher is (NONE)");
    assertThat(handshake("-tls1_2")).as("TLS 1.2").contains("Protocol  : TLSv1.2");
    assertThat(handshake("-tls1_3")).as("TLS 1.3").contains("TLSv1.3");
  }

  @Test
  void certificateNamesLocalhostAnd127001() throws Exception {
    String text = openssl("x509", "-in", hub.trustCert().toString(), "-noout", "-text");
    assertThat(text).contains("DNS:localhost", "IP Address:127.0.0.1");
  }

  private static String handshake(String version) throws Exception {
    return openssl(
        "s_client",
        "-connect",
        "127.0.0.1:" + hub.port(),
        version,
        "-cipher",
        "DEFAULT:@SECLEVEL=0",
        "-CAfile",
        hub.trustCert().toString());
  }

  private static String openssl(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
