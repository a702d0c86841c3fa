package io.devstreams.device.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.cli.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigFileTest {

  private static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final String DEVICE = "HostName=hub:8443;DeviceId=dev1;SharedAccessKey=" + KEY;

  @TempDir Path dir;

  private final Map<String, String> env =
      new HashMap<>(Map.of("DEVSTREAMS_DEVICE_CONNECTION_STRING", DEVICE));

  @Test
  void fileSettingsAreUsedAndCommentsAndBlankLinesAreIgnored() throws Exception {
    Path conf =
        write(
            """
            # the device's services
            service = ssh=127.0.0.1:22

              service=rdp=10.0.0.5:3389
            proxy = http://proxy:3128
            """);

    AgentSettings settings = parse("--config", conf.toString());

    assertThat(settings.services()).hasToString("ssh -> 127.0.0.1:22, rdp -> 10.0.0.5:3389");
    assertThat(settings.endpoint().proxy().host()).isEqualTo("proxy");
  }

  @Test
  void commandLineServicesReplaceTheFilesServices() throws Exception {
    Path conf = write("service = ssh=127.0.0.1:22\nproxy = http://proxy:3128\n");

    AgentSettings settings = parse("--config=" + conf, "--service", "web=127.0.0.1:80");

    assertThat(settings.services()).hasToString("web -> 127.0.0.1:80");
    assertThat(settings.endpoint().proxy().host()).isEqualTo("proxy");
  }

  @Test
  void environmentWinsOverTheFile() throws Exception {
    Path conf =
        write(
            "service = ssh=127.0.0.1:22\nproxy = http://proxy:3128\n"
                + "connection-string-file = "
                + dir.resolve("missing.cs")
                + "\n");
    env.put("https_proxy", "http://other:8080");

    AgentSettings settings = parse("--config", conf.toString());

    assertThat(settings.endpoint().proxy().host()).isEqualTo("other");
    assertThat(settings.device().deviceId()).isEqualTo("dev1");
  }

  @Test
  void connectionStringFileFromTheFileIsReadWhenTheEnvironmentHasNone() throws Exception {
    Path secret =
        Files.writeString(dir.resolve("device.cs"), DEVICE.replace("dev1", "from-file") + "\n");
    Path conf = write("service = ssh=127.0.0.1:22\nconnection-string-file = " + secret + "\n");
    env.clear();

    assertThat(parse("--config", conf.toString()).device().deviceId()).isEqualTo("from-file");
  }

  @Test
  void trustCertificateFromTheFileIsNamedByItsLine() throws Exception {
    Path missing = dir.resolve("hub-cert.pem");
    Path conf = write("service = ssh=127.0.0.1:22\ntrust-cert = " + missing + "\n");

    assertThatThrownBy(() -> parse("--config", conf.toString()))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "config file '"
                + conf
                + "' line 2: trust certificate file '"
                + missing
                + "' does not exist");
  }

  @Test
  void unknownOptionNamesTheLineAndTheAgentsOptions() throws Exception {
    Path conf = write("# services\nservce = ssh=127.0.0.1:22\n");

    assertThatThrownBy(() -> parse("--config", conf.toString()))
        .hasMessage(
            "config file '"
                + conf
                + "' line 2: unknown option 'servce' (options: service, trust-cert, proxy,"
                + " connection-string-file, cert, key)");
  }

  @Test
  void missingFileIsOneLine() {
    Path missing = dir.resolve("device.conf");

    assertThatThrownBy(() -> parse("--config", missing.toString()))
        .isInstanceOf(UsageException.class)
        .hasMessage("config file '" + missing + "' does not exist");
  }

  @Test
  void configGivenTwiceIsRefused() throws Exception {
    Path conf = write("service = ssh=127.0.0.1:22\n");

    assertThatThrownBy(() -> parse("--config", conf.toString(), "--config", conf.toString()))
        .hasMessage("option --config is given more than once");
  }

  @Test
  void configWithoutValueIsRefused() {
    assertThatThrownBy(() -> parse("--config"))
        .hasMessage("option --config needs a value: --config FILE");
  }

  private AgentSettings parse(String... args) {
    return AgentArguments.parse(List.of(args), env);
  }

  private Path write(String text) throws Exception {
    return Files.writeString(dir.resolve("device.conf"), text);
  }
}
