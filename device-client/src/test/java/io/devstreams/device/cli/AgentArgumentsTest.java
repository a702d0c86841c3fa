package io.devstreams.device.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.cli.UsageException;
import io.devstreams.protocol.tunnel.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentArgumentsTest {

  private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  @TempDir Path dir;

  @Test
  void readsTheConnectionStringFromTheEnvironment() {
    AgentSettings settings =
        AgentArguments.parse(
            List.of("--service", "ssh=localhost:22"),
            Map.of("DEVSTREAMS_DEVICE_CONNECTION_STRING", device("hub.example:8443", "dev1")));

    assertThat(settings.device().deviceId()).isEqualTo("dev1");
    assertThat(settings.endpoint().hostName()).isEqualTo("hub.example:8443");
    assertThat(settings.endpoint().proxy()).isNull();
  }

  @Test
  void connectionStringFileWinsOverTheEnvironment() throws Exception {
    Path file = Files.writeString(dir.resolve("device.cs"), device("hub", "from-file") + "\n");

    AgentSettings settings =
        AgentArguments.parse(
            List.of("--connection-string-file", file.toString(), "--service", "ssh=localhost:22"),
            Map.of("DEVSTREAMS_DEVICE_CONNECTION_STRING", device("hub", "from-env")));

    assertThat(settings.device().deviceId()).isEqualTo("from-file");
  }

  @Test
  void heartbeatAndReconnectCeilingHaveDefaultsAndComeFromTheEnvironment() {
    List<String> args = List.of("--service", "ssh=localhost:22");
    String cs = device("hub", "dev1");

    AgentSettings defaults =
        AgentArguments.parse(args, Map.of("DEVSTREAMS_DEVICE_CONNECTION_STRING", cs));
    AgentSettings set =
        AgentArguments.parse(
            args,
            Map.of(
                "DEVSTREAMS_DEVICE_CONNECTION_STRING", cs,
                "DEVSTREAMS_HEARTBEAT_SECONDS", "5",
                "DEVSTREAMS_RECONNECT_MAX_SECONDS", "120"));

    assertThat(defaults.heartbeat().interval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
    assertThat(set.heartbeat().timeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(set.maxBackoff()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void badHeartbeatOrReconnectCeilingIsAUsageErrorNamingTheVariable() {
    List<String> args = List.of("--service", "ssh=localhost:22");
    String cs = device("hub", "dev1");

    assertThatThrownBy(
            () ->
                AgentArguments.parse(
                    args,
                    Map.of(
                        "DEVSTREAMS_DEVICE_CONNECTION_STRING",
                        cs,
                        "DEVSTREAMS_HEARTBEAT_SECONDS",
                        "0")))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("DEVSTREAMS_HEARTBEAT_SECONDS must be a whole number");
    assertThatThrownBy(
            () ->
                AgentArguments.parse(
                    args,
                    Map.of(
                        "DEVSTREAMS_DEVICE_CONNECTION_STRING",
                        cs,
                        "DEVSTREAMS_RECONNECT_MAX_SECONDS",
                        "ten")))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "DEVSTREAMS_RECONNECT_MAX_SECONDS must be a whole number of seconds from 1 to 3600"
                + " (got 'ten')");
  }

  @Test
  void proxyFlagWinsOverTheEnvironment() {
    AgentSettings settings =
        AgentArguments.parse(
            List.of("--proxy=http://flag:3128", "--service", "ssh=localhost:22"),
            Map.of(
                "DEVSTREAMS_DEVICE_CONNECTION_STRING",
                device("hub", "dev1"),
                "HTTPS_PROXY",
                "http://env:3128"));

    assertThat(settings.endpoint().proxy().host()).isEqualTo("flag");
  }

  @Test
  void proxyComesFromHttpsProxyWithNoProxy() {
    AgentSettings settings =
        AgentArguments.parse(
            List.of("--service", "ssh=localhost:22"),
            Map.of(
                "DEVSTREAMS_DEVICE_CONNECTION_STRING", device("hub", "dev1"),
                "HTTPS_PROXY", "http://env:3128",
                "NO_PROXY", "localhost"));

    assertThat(settings.endpoint().proxy().host()).isEqualTo("env");
    assertThat(settings.endpoint().proxy().bypasses("localhost")).isTrue();
  }

  @Test
  void servicesKeepTheirOrder() {
    AgentSettings settings =
        AgentArguments.parse(
            List.of("--service", "ssh=localhost:22", "--service=web=127.0.0.1:8080"),
            Map.of("DEVSTREAMS_DEVICE_CONNECTION_STRING", device("hub", "dev1")));

    assertThat(settings.services()).hasToString("ssh -> localhost:22, web -> 127.0.0.1:8080");
  }

  @Test
  void protocolComesFromTheFlagElseTheEnvironmentElseTheLibrarysDefault() {
    String cs = device("hub", "dev1");

    assertThat(
            AgentArguments.parse(
                    List.of("--service", "ssh=localhost:22"),
                    Map.of("DEVSTREAMS_DEVICE_CONNECTION_STRING", cs))
                .protocol())
        .isEqualTo(2);
    assertThat(
            AgentArguments.parse(
                    List.of("--service", "ssh=localhost:22"),
                    Map.of("DEVSTREAMS_DEVICE_CONNECTION_STRING", cs, "DEVSTREAMS_PROTOCOL", "1"))
                .protocol())
        .isEqualTo(1);
    assertThat(
            AgentArguments.parse(
                    List.of("--service", "ssh=localhost:22", "--protocol=2"),
                    Map.of("DEVSTREAMS_DEVICE_CONNECTION_STRING", cs, "DEVSTREAMS_PROTOCOL", "1"))
                .protocol())
        .isEqualTo(2);
    assertThatThrownBy(
            () ->
                AgentArguments.parse(
                    List.of("--service", "ssh=localhost:22", "--protocol", "3"),
                    Map.of("DEVSTREAMS_DEVICE_CONNECTION_STRING", cs)))
        .isInstanceOf(UsageException.class)
        .hasMessage("--protocol must be 1 or 2 (got '3')");
  }

  private static String device(String host, String id) {
    return "HostName=" + host + ";DeviceId=" + id + ";SharedAccessKey=" + KEY;
  }

  @Test
  void anX509DeviceConnectsWithItsCertificateAndKey() throws Exception {
    TestCertificates.DeviceFiles files = TestCertificates.device(dir, "dev1", "-1d", 3);

    AgentSettings settings =
        AgentArguments.parse(
            List.of(
                "--service",
                "ssh=localhost:22",
                "--cert",
                files.certificatePem().toString(),
                "--key=" + files.keyPem()),
            Map.of(
                "DEVSTREAMS_DEVICE_CONNECTION_STRING",
                "HostName=hub:8444;DeviceId=dev1;x509=true"));

    assertThat(settings.device().x509()).isTrue();
    assertThat(settings.endpoint().hostName()).isEqualTo("hub:8444");
  }

  @Test
  void anX509DeviceWithoutCertificateOrAKeyDeviceWithOneIsAUsageError() throws Exception {
    TestCertificates.DeviceFiles files = TestCertificates.device(dir, "dev1", "-1d", 3);
    List<String> withCert =
        List.of(
            "--service",
            "ssh=localhost:22",
            "--cert",
            files.certificatePem().toString(),
            "--key",
            files.keyPem().toString());

    assertThatThrownBy(
            () ->
                AgentArguments.parse(
                    List.of("--service", "ssh=localhost:22"),
                    Map.of(
                        "DEVSTREAMS_DEVICE_CONNECTION_STRING",
                        "HostName=hub:8444;DeviceId=dev1;x509=true")))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "the connection string has x509=true: give the device's certificate and key with"
                + " --cert CERT.pem --key KEY.pem");
    assertThatThrownBy(
            () ->
                AgentArguments.parse(
                    withCert, Map.of("DEVSTREAMS_DEVICE_CONNECTION_STRING", device("hub", "dev1"))))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "--cert is for a device that authenticates with its certificate; this connection"
                + " string has a SharedAccessKey (a certificate device's has x509=true)");
  }
}
