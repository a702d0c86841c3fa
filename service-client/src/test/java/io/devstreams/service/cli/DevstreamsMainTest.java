package io.devstreams.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.SasKeys;
import io.devstreams.service.TestCertificates;
import io.devstreams.service.TestHub;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the CLI in-process against a real local HTTPS server. */
class DevstreamsMainTest {

  private static final String PRIMARY = SasKeys.generate();

  @TempDir static Path dir;
  private static TestCertificates certificates;
  private static TestHub hub;
  private Map<String, String> env;

  @BeforeAll
  static void startHub() throws Exception {
    certificates = TestCertificates.create(dir, "hub");
    hub = TestHub.start(certificates);
  }

  @AfterAll
  static void stopHub() {
    hub.close();
  }

  @BeforeEach
  void environment() throws InterruptedException {
    env = new HashMap<>();
    env.put(Settings.CONNECTION_STRING_ENV, hub.ownerConnectionString().format());
    env.put(Settings.TRUST_CERT_ENV, certificates.pem().toString());
    while (!hub.noMoreRequests()) {
      hub.take();
    }
  }

  private CliRun run(String... args) {
    return CliRun.run(env, args);
  }

  private static String device(String id, String status, String reason) {
    return "{\"deviceId\":\""
        + id
        + "\",\"generationId\":\"638\",\"etag\":\"ZTE=\",\"status\":\""
        + status
        + "\",\"statusReason\":"
        + (reason == null ? "null" : "\"" + reason + "\"")
        + ",\"connectionState\":\"Disconnected\","
        + "\"connectionStateUpdatedTime\":\"0001-01-01T00:00:00Z\","
        + "\"lastActivityTime\":\"0001-01-01T00:00:00Z\","
        + "\"authentication\":{\"type\":\"sas\",\"symmetricKey\":{\"primaryKey\":\""
        + PRIMARY
        + "\",\"secondaryKey\":\"c2Vjb25kYXJ5\"}}}";
  }

  @Test
  void createPrintsTheDeviceConnectionStringWithTheHubsHost() throws Exception {
    hub.replyJson(200, device("dev1", "enabled", null));

    CliRun result = run("device", "create", "dev1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .isEqualTo(
            "HostName=" + hub.hostName() + ";DeviceId=dev1;SharedAccessKey=" + PRIMARY + "\n");
    assertThat(ConnectionString.parse(result.out()).deviceId()).isEqualTo("dev1");
    hub.assertAuthorized(hub.take());
  }

  @Test
  void createWithJsonPrintsTheAzureShapedDevice() throws Exception {
    hub.replyJson(200, device("dev1", "enabled", null));

    CliRun result = run("device", "create", "dev1", "--json");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("{\n    \"deviceId\": \"dev1\",\n    \"generationId\": \"638\"")
        .contains("\"primaryKey\": \"" + PRIMARY + "\"");
    hub.take();
  }

  @Test
  void listPrintsATable() throws Exception {
    hub.replyJson(
        200,
        "[" + device("dev1", "enabled", null) + "," + device("sensor-22", "disabled", "x") + "]");

    CliRun result = run("device", "list");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "DEVICE ID  STATUS    CONNECTION    LAST ACTIVITY\n"
                + "dev1       enabled   Disconnected  never\n"
                + "sensor-22  disabled  Disconnected  never\n");
    hub.take();
  }

  @Test
  void theMasterRunsListAndShowOnItsOwnConnection() throws Exception {
    Invocation master = masterInvocation();
    hub.replyJson(200, "[" + device("dev1", "enabled", null) + "]");
    hub.replyJson(200, device("dev1", "enabled", null));

    CliRun list = shared(master, "device", "list");
    CliRun show = shared(master, "device", "show", "dev1", "--json");

    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.out()).startsWith("DEVICE ID").contains("dev1       enabled");
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out()).startsWith("{\n    \"deviceId\": \"dev1\"");
    hub.assertAuthorized(hub.take());
    hub.assertAuthorized(hub.take());
  }

  @Test
  void theMasterRefusesEveryOtherCommandLineWithoutAsking() {
    Invocation master = masterInvocation();

    for (List<String> args :
        List.of(
            List.of("device", "create", "dev1"),
            List.of("device", "delete", "dev1"),
            List.of("device", "list", "--connection-string-file", "/tmp/other"),
            List.of("stdio", "dev1", "ssh"))) {
      CliRun refused = shared(master, args.toArray(String[]::new));
      assertThat(refused.exitCode()).as(args.toString()).isEqualTo(DevstreamsMain.USAGE);
      assertThat(refused.errorLine())
          .startsWith("devstreams: the master runs only 'device list' and 'device show ID'");
    }
    assertThat(hub.noMoreRequests()).isTrue();
  }

  private Invocation masterInvocation() {
    CommandLine line = new CommandLineParser(Commands.all()).parse(List.of("device", "list"));
    return new Invocation(line, env, Terminal.of(System.out, System.err));
  }

  private static CliRun shared(Invocation master, String... args) {
    return CliRun.capture(terminal -> DevstreamsMain.runShared(List.of(args), master, terminal));
  }

  @Test
  void showPrintsBothKeysEtagAndGeneration() throws Exception {
    hub.replyJson(200, device("dev1", "disabled", "lost in transit"));

    CliRun result = run("device", "show", "dev1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("deviceId:                   dev1\n")
        .contains("statusReason:               lost in transit\n")
        .contains("etag:                       ZTE=\n")
        .contains("generationId:               638\n")
        .contains("primaryKey:                 " + PRIMARY + "\n")
        .contains("secondaryKey:               c2Vjb25kYXJ5\n");
    hub.take();
  }

  @Test
  void disableSendsTheReasonAndConfirms() throws Exception {
    hub.replyJson(200, device("dev1", "enabled", null));
    hub.replyJson(200, device("dev1", "disabled", "stolen"));

    CliRun result = run("device", "disable", "dev1", "--reason", "stolen");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("device 'dev1' disabled\n");
    hub.take();
    assertThat(hub.take().body()).contains("\"status\":\"disabled\",\"statusReason\":\"stolen\"");
  }

  @Test
  void rotateKeyPrintsTheNewConnectionString() throws Exception {
    String newer = SasKeys.generate();
    hub.replyJson(200, device("dev1", "enabled", null));
    hub.replyJson(200, device("dev1", "enabled", null).replace(PRIMARY, newer));

    CliRun result = run("device", "rotate-key", "dev1");

    assertThat(result.out()).endsWith(";DeviceId=dev1;SharedAccessKey=" + newer + "\n");
    hub.take();
    hub.take();
  }

  @Test
  void deleteConfirms() throws Exception {
    hub.reply(204, "");

    CliRun result = run("device", "delete", "dev1");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("device 'dev1' deleted\n");
    assertThat(hub.take().method()).isEqualTo("DELETE");
  }

  @Test
  void unknownDeviceIsOneLineAndExitCode1() throws Exception {
    hub.replyProblem(404, 404001, "Device not found");

    CliRun result = run("device", "show", "ghost");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.errorLine()).isEqualTo("devstreams: no device 'ghost'");
    hub.take();
  }

  @Test
  void conflictShowsTheHubsDetail() throws Exception {
    hub.replyProblem(409, 409001, "A device with id 'dev1' already exists");

    CliRun result = run("device", "create", "dev1");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: the hub refused the request (409): A device with id 'dev1' already exists");
    hub.take();
  }

  @Test
  void refusedCredentialsPointAtTheConnectionString() throws Exception {
    hub.replyProblem(401, 401002, "Unauthorized");

    CliRun result = run("device", "list");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: the hub refused the credentials (401): check DEVSTREAMS_CONNECTION_STRING");
    hub.take();
  }

  @Test
  void untrustedHubCertificateSaysHowToTrustIt() {
    env.remove(Settings.TRUST_CERT_ENV);

    CliRun result = run("device", "list");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: the hub's certificate is not trusted: pass --trust-cert"
                + " DATA/hub-cert.pem or set DEVSTREAMS_TRUST_CERT");
  }

  @Test
  void unreachableHubSaysConnectionRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    env.put(
        Settings.CONNECTION_STRING_ENV,
        ConnectionString.forService("127.0.0.1:" + port, "iothubowner", SasKeys.generate())
            .format());

    CliRun result = run("device", "list");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: cannot reach hub at https://127.0.0.1:" + port + ": connection refused");
  }

  @Test
  void unreachableProxyIsNamedNotTheHub() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }

    CliRun result = run("--proxy", "http://127.0.0.1:" + port, "device", "list");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine())
        .startsWith("devstreams: cannot reach hub at ")
        .endsWith(": proxy http://127.0.0.1:" + port + ": connection refused");
  }

  @Test
  void badProxySettingsAreUsageErrorsThatHideThePassword() {
    CliRun flag = run("--proxy", "socks5://u:hunter2@h:1", "device", "list");
    env.put("HTTPS_PROXY", "http://u:hunter2@h:99999");
    CliRun fromEnv = run("device", "list");

    assertThat(flag.exitCode()).isEqualTo(2);
    assertThat(flag.errorLine()).startsWith("devstreams: --proxy: ").doesNotContain("hunter2");
    assertThat(fromEnv.exitCode()).isEqualTo(2);
    assertThat(fromEnv.errorLine())
        .startsWith("devstreams: HTTPS_PROXY: ")
        .doesNotContain("hunter2");
  }

  @Test
  void stackTraceOnlyWithDebug() throws Exception {
    hub.replyProblem(404, 404001, "Device not found");
    hub.replyProblem(404, 404001, "Device not found");

    CliRun quiet = run("device", "show", "ghost");
    env.put(DevstreamsMain.DEBUG_ENV, "1");
    CliRun debug = run("device", "show", "ghost");

    assertThat(quiet.err()).doesNotContain("\tat ");
    assertThat(debug.err())
        .startsWith("devstreams: no device 'ghost'\n")
        .contains("DeviceNotFoundException")
        .contains("\tat ");
    hub.take();
    hub.take();
  }

  @Test
  void helpGoesToStdoutWithExitCode0() {
    CliRun result = CliRun.run(Map.of(), "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out())
        .startsWith("usage: devstreams [OPTIONS] COMMAND [ARGS]")
        .contains("device rotate-key ID")
        .contains("DEVSTREAMS_CONNECTION_STRING");
  }

  @Test
  void commandHelpShowsItsUsage() {
    CliRun result = CliRun.run(Map.of(), "device", "disable", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("usage: devstreams device disable ID [--reason TEXT] [--json]\n");
  }

  @Test
  void usageErrorIsExitCode2AndOneLine() {
    CliRun result = CliRun.run(Map.of(), "device", "create");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: device create: missing ID (usage: devstreams device create ID [--x509"
                + " CERT.pem] [--x509-secondary CERT.pem] [--json])");
  }

  @Test
  void invalidDeviceIdIsAUsageErrorAndNothingIsSent() {
    CliRun result = run("device", "create", "a/b");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLine()).startsWith("devstreams: device id contains '/' at position 1");
    assertThat(hub.noMoreRequests()).isTrue();
  }

  @Test
  void missingConnectionStringIsAUsageError() {
    env.remove(Settings.CONNECTION_STRING_ENV);

    CliRun result = run("device", "list");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLine())
        .startsWith("devstreams: DEVSTREAMS_CONNECTION_STRING is not set: set it to");
  }

  @Test
  void badConnectionStringShowsTheProtocolsMessage() {
    env.put(Settings.CONNECTION_STRING_ENV, "HostName=localhost:8443;SharedAccessKeyName=owner");

    CliRun result = run("device", "list");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: DEVSTREAMS_CONNECTION_STRING: connection string has no"
                + " SharedAccessKey");
  }

  @Test
  void deviceConnectionStringIsRefused() {
    env.put(
        Settings.CONNECTION_STRING_ENV,
        ConnectionString.forDevice("localhost:8443", "dev1", SasKeys.generate()).format());

    CliRun result = run("device", "list");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLine())
        .startsWith("devstreams: DEVSTREAMS_CONNECTION_STRING holds a device connection string");
  }

  @Test
  void connectionStringFileWinsOverTheEnvironment() throws Exception {
    Path file = dir.resolve("owner.connection-string");
    Files.writeString(file, hub.ownerConnectionString().format() + "\n");
    env.put(Settings.CONNECTION_STRING_ENV, "garbage");
    hub.replyJson(200, "[]");

    CliRun result = run("device", "list", "--connection-string-file", file.toString());

    assertThat(result.exitCode()).isZero();
    hub.assertAuthorized(hub.take());
  }

  @Test
  void missingConnectionStringFileIsAUsageError() {
    CliRun result =
        run("device", "list", "--connection-string-file", dir.resolve("nope").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: connection string file '" + dir.resolve("nope") + "' does not exist");
  }

  @Test
  void trustCertFlagWinsOverTheEnvironment() throws Exception {
    env.put(Settings.TRUST_CERT_ENV, dir.resolve("missing.pem").toString());
    hub.replyJson(200, "[]");

    CliRun result = run("--trust-cert", certificates.pem().toString(), "device", "list");

    assertThat(result.exitCode()).isZero();
    hub.take();
  }

  @Test
  void missingTrustCertFileNamesTheFileAndWhereItCameFrom() {
    env.put(Settings.TRUST_CERT_ENV, dir.resolve("missing.pem").toString());

    CliRun result = run("device", "list");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: DEVSTREAMS_TRUST_CERT: trust certificate file '"
                + dir.resolve("missing.pem")
                + "' does not exist");
  }

  @Test
  void trustCertThatIsNotACertificateIsAUsageError() throws Exception {
    Path notPem = Files.writeString(dir.resolve("not.pem"), "hello\n");

    CliRun result = run("device", "list", "--trust-cert", notPem.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: --trust-cert: trust certificate file '"
                + notPem
                + "' holds no PEM certificate");
  }
}
