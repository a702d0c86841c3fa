package io.devstreams.device.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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

  private static String device(String host, String id) {
    return "HostName=" + host + ";DeviceId=" + id + ";SharedAccessKey=" + KEY;
  }
}
