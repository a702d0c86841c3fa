package io.devstreams.protocol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  private static final OptionSpec SERVICE =
      new OptionSpec("--service", "NAME=HOST:PORT", "a service").repeated();
  private static final OptionSpec TRUST_CERT = HubAccess.TRUST_CERT;
  private static final OptionSpec PROXY = HubAccess.PROXY;
  private static final List<OptionSpec> OPTIONS = List.of(SERVICE, TRUST_CERT, PROXY);

  @TempDir Path dir;

  @Test
  void readsSettingsInOrderIgnoringCommentsAndBlankLines() throws Exception {
    Path conf =
        write(
            """
            # the device's services
            service = ssh=127.0.0.1:22

              service=rdp=10.0.0.5:3389
            trust-cert = /etc/devstreams/hub-cert.pem
            """);

    ConfigFile file = ConfigFile.read(conf.toString(), OPTIONS);

    assertThat(file.values(SERVICE))
        .extracting(Value::text)
        .containsExactly("ssh=127.0.0.1:22", "rdp=10.0.0.5:3389");
    assertThat(file.values(TRUST_CERT))
        .containsExactly(
            new Value(
                "/etc/devstreams/hub-cert.pem",
                "config file '" + conf + "' line 5",
                Value.Origin.CONFIG_FILE));
    assertThat(file.values(PROXY)).isEmpty();
  }

  @Test
  void noFileFindsNothing() {
    assertThat(ConfigFile.NONE.values(SERVICE)).isEmpty();
    assertThat(ConfigFile.NONE.entries()).isEmpty();
  }

  @Test
  void missingFileIsOneLine() {
    Path missing = dir.resolve("device.conf");

    assertThatThrownBy(() -> ConfigFile.read(missing.toString(), OPTIONS))
        .isInstanceOf(UsageException.class)
        .hasMessage("config file '" + missing + "' does not exist");
  }

  @Test
  void directoryIsOneLine() {
    assertThatThrownBy(() -> ConfigFile.read(dir.toString(), OPTIONS))
        .hasMessage("config file '" + dir + "' is a directory");
  }

  @Test
  void unreadableFileIsOneLine() throws Exception {
    Path conf = write("service = ssh=127.0.0.1:22\n");
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("---------"));
    Assumptions.assumeFalse(
        Files.isReadable(conf), "root reads any file, so this needs an unprivileged user");

    assertThatThrownBy(() -> ConfigFile.read(conf.toString(), OPTIONS))
        .hasMessage("config file '" + conf + "' is not readable (permission denied)");
  }

  @Test
  void fileThatIsNotUtf8IsOneLine() throws Exception {
    Path conf = Files.write(dir.resolve("device.conf"), new byte[] {'a', '=', (byte) 0xff});

    assertThatThrownBy(() -> ConfigFile.read(conf.toString(), OPTIONS))
        .hasMessage("config file '" + conf + "' is not UTF-8 text");
  }

  @Test
  void unknownOptionNamesTheLineAndTheOptions() throws Exception {
    Path conf = write("# services\nservce = ssh=127.0.0.1:22\n");

    assertThatThrownBy(() -> ConfigFile.read(conf.toString(), OPTIONS))
        .hasMessage(
            "config file '"
                + conf
                + "' line 2: unknown option 'servce' (options: service, trust-cert, proxy)");
  }

  @Test
  void lineWithoutEqualsSignIsRefusedWithoutRepeatingIt() throws Exception {
    Path conf = write("proxy http://alice:secret@proxy:3128\n");

    assertThatThrownBy(() -> ConfigFile.read(conf.toString(), OPTIONS))
        .hasMessage("config file '" + conf + "' line 1: expected 'option = value'");
  }

  @Test
  void emptyValueIsRefused() throws Exception {
    Path conf = write("trust-cert =\n");

    assertThatThrownBy(() -> ConfigFile.read(conf.toString(), OPTIONS))
        .hasMessage("config file '" + conf + "' line 1: 'trust-cert' needs a value");
  }

  @Test
  void settingGivenTwiceIsRefusedUnlessRepeatable() throws Exception {
    Path conf = write("service = a=h:1\nservice = b=h:2\nproxy = http://a:1\nproxy = http://b:1\n");

    assertThatThrownBy(() -> ConfigFile.read(conf.toString(), OPTIONS))
        .hasMessage("config file '" + conf + "' line 4: 'proxy' is given more than once");
  }

  private Path write(String text) throws Exception {
    return Files.writeString(dir.resolve("device.conf"), text);
  }
}
