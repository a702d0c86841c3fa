package io.devstreams.device.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigFileTest {

  @TempDir Path dir;

  @Test
  void argumentsWithoutConfigAreReturnedUnchanged() {
    List<String> args = List.of("--service", "ssh=127.0.0.1:22");

    assertThat(AgentConfigFile.apply(args, Map.of())).isSameAs(args);
  }

  @Test
  void fileSettingsBecomeFlagsAndCommentsAndBlankLinesAreIgnored() throws Exception {
    Path conf =
        write(
            """
            # the device's services
            service = ssh=127.0.0.1:22

              service=rdp=10.0.0.5:3389
            trust-cert = /etc/devstreams/hub-cert.pem
            """);

    assertThat(AgentConfigFile.apply(List.of("--config", conf.toString()), Map.of()))
        .containsExactly(
            "--service=ssh=127.0.0.1:22",
            "--service=rdp=10.0.0.5:3389",
            "--trust-cert=/etc/devstreams/hub-cert.pem");
  }

  @Test
  void commandLineServicesReplaceTheFilesServices() throws Exception {
    Path conf = write("service = ssh=127.0.0.1:22\nproxy = http://proxy:3128\n");

    assertThat(
            AgentConfigFile.apply(
                List.of("--config=" + conf, "--service", "web=127.0.0.1:80"), Map.of()))
        .containsExactly("--proxy=http://proxy:3128", "--service", "web=127.0.0.1:80");
  }

  @Test
  void environmentWinsOverTheFile() throws Exception {
    Path conf =
        write(
            "trust-cert = /a.pem\nproxy = http://proxy:3128\n"
                + "connection-string-file = /etc/devstreams/device.connection-string\n");

    assertThat(
            AgentConfigFile.apply(
                List.of("--config", conf.toString()),
                Map.of(
                    "DEVSTREAMS_TRUST_CERT", "/b.pem",
                    "https_proxy", "http://other:8080",
                    "DEVSTREAMS_DEVICE_CONNECTION_STRING", "HostName=h;DeviceId=d;x509=true")))
        .isEmpty();
  }

  @Test
  void missingFileIsOneLine() {
    Path missing = dir.resolve("device.conf");

    assertThatThrownBy(
            () -> AgentConfigFile.apply(List.of("--config", missing.toString()), Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessage("config file '" + missing + "' does not exist");
  }

  @Test
  void unreadableFileIsOneLine() throws Exception {
    Path conf = write("service = ssh=127.0.0.1:22\n");
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("---------"));
    org.junit.jupiter.api.Assumptions.assumeFalse(
        Files.isReadable(conf), "root reads any file, so this needs an unprivileged user");

    assertThatThrownBy(() -> AgentConfigFile.apply(List.of("--config", conf.toString()), Map.of()))
        .hasMessage("config file '" + conf + "' is not readable (permission denied)");
  }

  @Test
  void unknownOptionNamesTheLineAndTheOptions() throws Exception {
    Path conf = write("# services\nservce = ssh=127.0.0.1:22\n");

    assertThatThrownBy(() -> AgentConfigFile.apply(List.of("--config", conf.toString()), Map.of()))
        .hasMessage(
            "config file '"
                + conf
                + "' line 2: unknown option 'servce' (options: service, trust-cert, proxy,"
                + " connection-string-file, cert, key)");
  }

  @Test
  void lineWithoutEqualsSignIsRefusedWithoutRepeatingIt() throws Exception {
    Path conf = write("proxy http://alice:secret@proxy:3128\n");

    assertThatThrownBy(() -> AgentConfigFile.apply(List.of("--config", conf.toString()), Map.of()))
        .hasMessage("config file '" + conf + "' line 1: expected 'option = value'");
  }

  @Test
  void emptyValueIsRefused() throws Exception {
    Path conf = write("trust-cert =\n");

    assertThatThrownBy(() -> AgentConfigFile.apply(List.of("--config", conf.toString()), Map.of()))
        .hasMessage("config file '" + conf + "' line 1: 'trust-cert' needs a value");
  }

  @Test
  void configGivenTwiceIsRefused() throws Exception {
    Path conf = write("service = ssh=127.0.0.1:22\n");

    assertThatThrownBy(
            () ->
                AgentConfigFile.apply(
                    List.of("--config", conf.toString(), "--config", conf.toString()), Map.of()))
        .hasMessage("--config is given twice");
  }

  @Test
  void configWithoutValueIsRefused() {
    assertThatThrownBy(() -> AgentConfigFile.apply(List.of("--config"), Map.of()))
        .hasMessage("--config needs a value");
  }

  private Path write(String text) throws Exception {
    return Files.writeString(dir.resolve("device.conf"), text);
  }
}
