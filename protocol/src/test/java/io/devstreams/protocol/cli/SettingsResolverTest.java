package io.devstreams.protocol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {

  private static final OptionSpec TRUST_CERT = HubAccess.TRUST_CERT;
  private static final OptionSpec SERVICE =
      new OptionSpec("--service", "NAME=HOST:PORT", "a service").repeated();
  private static final OptionSpec SECRET_FILE =
      new OptionSpec("--connection-string-file", "FILE", "the secret's file");
  private static final SecretSetting SECRET =
      new SecretSetting(
          "connection string",
          "--connection-string",
          "APP_CONNECTION_STRING",
          SECRET_FILE,
          "the app's connection string");
  private static final List<OptionSpec> OPTIONS = List.of(TRUST_CERT, SERVICE, SECRET_FILE);

  @TempDir Path dir;

  @Test
  void flagWinsOverTheEnvironmentWhichWinsOverTheConfigFile() throws Exception {
    ConfigFile conf = config("trust-cert = /conf.pem\n");
    Map<String, String> env = Map.of("APP_TRUST", "/env.pem");

    assertThat(resolver(env, conf, "--trust-cert", "/flag.pem").find(TRUST_CERT, "APP_TRUST"))
        .contains(new Value("/flag.pem", "--trust-cert", Value.Origin.FLAG));
    assertThat(resolver(env, conf).find(TRUST_CERT, "APP_TRUST"))
        .contains(new Value("/env.pem", "APP_TRUST", Value.Origin.ENVIRONMENT));
    assertThat(resolver(Map.of(), conf).find(TRUST_CERT, "APP_TRUST").orElseThrow().text())
        .isEqualTo("/conf.pem");
    assertThat(resolver(Map.of(), ConfigFile.NONE).find(TRUST_CERT, "APP_TRUST")).isEmpty();
  }

  @Test
  void blankVariableCountsAsUnsetAndTheFirstSetVariableWins() {
    Map<String, String> env = Map.of("A", " ", "B", " /b.pem\n", "C", "/c.pem");

    assertThat(resolver(env, ConfigFile.NONE).find(TRUST_CERT, "A", "B", "C"))
        .contains(new Value("/b.pem", "B", Value.Origin.ENVIRONMENT));
  }

  @Test
  void commandLineValuesOfARepeatableOptionReplaceTheConfigFiles() throws Exception {
    ConfigFile conf = config("service = ssh=h:22\nservice = rdp=h:3389\n");

    assertThat(resolver(Map.of(), conf).findAll(SERVICE))
        .extracting(Value::text)
        .containsExactly("ssh=h:22", "rdp=h:3389");
    assertThat(resolver(Map.of(), conf, "--service", "web=h:80").findAll(SERVICE))
        .containsExactly(new Value("web=h:80", "--service", Value.Origin.FLAG));
  }

  @Test
  void secretFileOnTheCommandLineWinsOverTheEnvironmentWhichWinsOverTheConfigFile()
      throws Exception {
    Path flagFile = Files.writeString(dir.resolve("flag.cs"), "from-flag-file\n");
    Path confFile = Files.writeString(dir.resolve("conf.cs"), "from-config-file");
    ConfigFile conf = config("connection-string-file = " + confFile + "\n");
    Map<String, String> env = Map.of("APP_CONNECTION_STRING", "from-env");

    assertThat(resolver(env, conf, "--connection-string-file", flagFile.toString()).secret(SECRET))
        .isEqualTo(
            new Value(
                "from-flag-file",
                "connection string file '" + flagFile + "'",
                Value.Origin.SECRET_FILE));
    assertThat(resolver(env, conf).secret(SECRET))
        .isEqualTo(new Value("from-env", "APP_CONNECTION_STRING", Value.Origin.ENVIRONMENT));
    assertThat(resolver(Map.of(), conf).secret(SECRET).text()).isEqualTo("from-config-file");
  }

  @Test
  void missingSecretSaysWhereToPutIt() {
    assertThatThrownBy(() -> resolver(Map.of(), ConfigFile.NONE).secret(SECRET))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "APP_CONNECTION_STRING is not set: set it to the app's connection string or use"
                + " --connection-string-file FILE");
    assertThatThrownBy(
            () -> resolver(Map.of("APP_CONNECTION_STRING", " "), ConfigFile.NONE).secret(SECRET))
        .hasMessageStartingWith("APP_CONNECTION_STRING is empty: set it to");
  }

  @Test
  void unusableSecretFileIsNamedAndItsTextNeverShown() throws Exception {
    Path missing = dir.resolve("missing.cs");
    Path empty = Files.writeString(dir.resolve("empty.cs"), " \n");

    assertThatThrownBy(() -> secretFrom(missing))
        .isInstanceOf(UsageException.class)
        .hasMessage("connection string file '" + missing + "' does not exist");
    assertThatThrownBy(() -> secretFrom(empty))
        .hasMessage("connection string file '" + empty + "' is empty");
    assertThatThrownBy(() -> secretFrom(dir))
        .hasMessage("connection string file '" + dir + "' is a directory");
  }

  private Value secretFrom(Path file) {
    return resolver(Map.of(), ConfigFile.NONE, "--connection-string-file", file.toString())
        .secret(SECRET);
  }

  private ConfigFile config(String text) throws Exception {
    return ConfigFile.read(Files.writeString(dir.resolve("app.conf"), text).toString(), OPTIONS);
  }

  private static SettingsResolver resolver(
      Map<String, String> env, ConfigFile config, String... args) {
    Arguments parsed = new ArgumentParser(OPTIONS, List.of(SECRET), "").parse(List.of(args));
    return new SettingsResolver(parsed, env, config);
  }
}
