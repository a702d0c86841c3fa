package io.devstreams.device.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceAgentMainTest {

  private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final String DEVICE =
      "HostName=hub.example:8443;DeviceId=dev1;SharedAccessKey=" + KEY;
  private static final String HINT = "devstreams-device: run 'devstreams-device --help' for usage";

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env =
      new HashMap<>(Map.of("DEVSTREAMS_DEVICE_CONNECTION_STRING", DEVICE));

  @Test
  void helpPrintsUsageAndExitsZero() {
    assertThat(run("--service", "x", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("usage: devstreams-device --service NAME=HOST:PORT")
        .contains("--trust-cert FILE", "--proxy URL", "--connection-string-file FILE");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void missingServiceIsAUsageError() {
    assertUsageError("at least one --service NAME=HOST:PORT is required");
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertUsageError("unknown option '--bogus'", "--bogus", "x");
  }

  @Test
  void flagWithoutValueIsAUsageError() {
    assertUsageError("option --service needs a value: --service NAME=HOST:PORT", "--service");
  }

  @Test
  void positionalArgumentIsAUsageError() {
    assertUsageError("unexpected argument 'extra'", "--service", "ssh=localhost:22", "extra");
  }

  @Test
  void badServiceIsAUsageError() {
    assertUsageError(
        "--service 'ssh=localhost:0': port must be a number from 1 to 65535 (got '0')",
        "--service=ssh=localhost:0");
  }

  @Test
  void connectionStringAsAFlagIsRefused() {
    assertUsageError(
        "the connection string is a secret and is never a flag: set"
            + " DEVSTREAMS_DEVICE_CONNECTION_STRING or use --connection-string-file FILE",
        "--connection-string",
        DEVICE,
        "--service",
        "ssh=localhost:22");
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(KEY);
  }

  @Test
  void missingConnectionStringIsAUsageError() {
    env.clear();

    assertUsageError(
        "DEVSTREAMS_DEVICE_CONNECTION_STRING is not set: set it to the device's connection string"
            + " or use --connection-string-file FILE",
        "--service",
        "ssh=localhost:22");
  }

  @Test
  void malformedConnectionStringNamesItsSourceAndNeverItsKey() {
    env.put("DEVSTREAMS_DEVICE_CONNECTION_STRING", "DeviceId=dev1;SharedAccessKey=" + KEY);

    assertUsageError(
        "DEVSTREAMS_DEVICE_CONNECTION_STRING: connection string has no HostName",
        "--service",
        "ssh=localhost:22");
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain(KEY);
  }

  @Test
  void policyConnectionStringIsRefused() {
    env.put(
        "DEVSTREAMS_DEVICE_CONNECTION_STRING",
        "HostName=hub;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY);

    assertUsageError(
        "DEVSTREAMS_DEVICE_CONNECTION_STRING holds a shared access policy's connection string;"
            + " the agent needs a device's (HostName=...;DeviceId=...;SharedAccessKey=... or"
            + " x509=true)",
        "--service",
        "ssh=localhost:22");
  }

  @Test
  void missingConnectionStringFileIsAUsageError() {
    Path missing = dir.resolve("device.cs");

    assertUsageError(
        "connection string file '" + missing + "' does not exist",
        "--connection-string-file",
        missing.toString(),
        "--service",
        "ssh=localhost:22");
  }

  @Test
  void missingTrustCertificateIsAUsageError() {
    Path missing = dir.resolve("hub-cert.pem");

    assertUsageError(
        "--trust-cert: trust certificate file '" + missing + "' does not exist",
        "--trust-cert",
        missing.toString(),
        "--service",
        "ssh=localhost:22");
  }

  @Test
  void trustCertificateFromTheEnvironmentNamesTheVariable() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    env.put("DEVSTREAMS_TRUST_CERT", empty.toString());

    assertUsageError(
        "DEVSTREAMS_TRUST_CERT: trust certificate file '" + empty + "' holds no PEM certificate",
        "--service",
        "ssh=localhost:22");
  }

  @Test
  void badProxyFlagIsAUsageError() {
    assertUsageError(
        "--proxy: proxy URL 'socks5://p:1080': only http:// proxies are supported (got socks5://)",
        "--proxy",
        "socks5://p:1080",
        "--service",
        "ssh=localhost:22");
  }

  @Test
  void badProxyEnvironmentNamesTheVariable() {
    env.put("HTTPS_PROXY", "http://proxy:notaport");

    assertUsageError(
        "HTTPS_PROXY: proxy URL 'http://proxy:notaport' is not http://[user:password@]host:port",
        "--service",
        "ssh=localhost:22");
  }

  @Test
  void flagGivenTwiceIsAUsageError() {
    assertUsageError(
        "option --proxy is given more than once",
        "--proxy",
        "http://a:1",
        "--proxy",
        "http://b:1",
        "--service",
        "ssh=localhost:22");
  }

  @Test
  void configFileServicesAreCheckedAsFlagsAre() throws Exception {
    Path conf = Files.writeString(dir.resolve("device.conf"), "service = ssh=localhost:0\n");

    assertUsageError(
        "--service 'ssh=localhost:0': port must be a number from 1 to 65535 (got '0')",
        "--config",
        conf.toString());
  }

  @Test
  void missingConfigFileIsAUsageError() {
    Path missing = dir.resolve("device.conf");

    assertUsageError(
        "config file '" + missing + "' does not exist", "--config", missing.toString());
  }

  private int run(String... args) {
    return DeviceAgentMain.run(
        List.of(args),
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private void assertUsageError(String message, String... args) {
    assertThat(run(args)).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .containsExactly("devstreams-device: " + message, HINT);
  }
}
