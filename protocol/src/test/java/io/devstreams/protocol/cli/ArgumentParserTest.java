package io.devstreams.protocol.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentParserTest {

  private static final OptionSpec FILE = new OptionSpec("--file", "FILE", "a file");
  private static final OptionSpec JSON = new OptionSpec("--json", null, "print JSON");
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

  private final ArgumentParser parser =
      new ArgumentParser(List.of(FILE, JSON, SERVICE, SECRET_FILE), List.of(SECRET), "");

  private Arguments parse(String... args) {
    return parser.parse(List.of(args));
  }

  @Test
  void optionsMayStandBeforeBetweenAndAfterTheWords() {
    Arguments parsed = parse("--json", "device", "--file", "a.pem", "show", "dev1");

    assertThat(parsed.words()).containsExactly("device", "show", "dev1");
    assertThat(parsed.has(JSON)).isTrue();
    assertThat(parsed.value(FILE)).contains("a.pem");
    assertThat(parsed.help()).isFalse();
  }

  @Test
  void equalsFormGivesTheValueAndKeepsLaterEqualsSigns() {
    Arguments parsed = parse("--file=a=b.pem", "--service=web=127.0.0.1:80");

    assertThat(parsed.value(FILE)).contains("a=b.pem");
    assertThat(parsed.values(SERVICE)).containsExactly("web=127.0.0.1:80");
  }

  @Test
  void aValueMayStartWithADash() {
    assertThat(parse("--file", "--json").value(FILE)).contains("--json");
  }

  @Test
  void doubleDashEndsTheOptionsAndASingleDashIsAWord() {
    Arguments parsed = parse("-", "--", "--json", "-h");

    assertThat(parsed.words()).containsExactly("-", "--json", "-h");
    assertThat(parsed.has(JSON)).isFalse();
    assertThat(parsed.help()).isFalse();
  }

  @Test
  void helpMayStandAnywhere() {
    assertThat(parse("device", "-h").help()).isTrue();
    assertThat(parse("--help", "device").help()).isTrue();
  }

  @Test
  void repeatableOptionKeepsEveryValueInOrder() {
    Arguments parsed = parse("--service", "ssh=localhost:22", "--service=web=localhost:80");

    assertThat(parsed.values(SERVICE)).containsExactly("ssh=localhost:22", "web=localhost:80");
  }

  @Test
  void optionsKeepTheOrderTheyWereGivenIn() {
    assertThat(parse("--json", "--service", "a=b:1", "--file", "f").options().keySet())
        .containsExactly("--json", "--service", "--file");
  }

  @Test
  void unknownOptionIsNamedWithoutItsValue() {
    assertThatThrownBy(() -> parse("--bogus=hunter2"))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown option '--bogus'");
  }

  @Test
  void unknownOptionIsFollowedByTheProgramsHelpHint() {
    ArgumentParser hinted = new ArgumentParser(List.of(), List.of(), " (see 'app --help')");

    assertThatThrownBy(() -> hinted.parse(List.of("-x")))
        .hasMessage("unknown option '-x' (see 'app --help')");
  }

  @Test
  void unknownOptionIsEchoedWithoutControlCharactersAndCut() {
    assertThatThrownBy(() -> parse("--a\u001b[2J" + "b".repeat(40)))
        .hasMessage("unknown option '--a?[2J" + "b".repeat(25) + "...'");
  }

  @Test
  void secretAsAFlagIsRefusedWithWhereItGoesAndNeverRepeated() {
    String expected =
        "the connection string is a secret and is never a flag: set APP_CONNECTION_STRING or use"
            + " --connection-string-file FILE";

    assertThatThrownBy(() -> parse("--connection-string", "HostName=h;SharedAccessKey=c2VjcmV0"))
        .isInstanceOf(UsageException.class)
        .hasMessage(expected);
    assertThatThrownBy(() -> parse("--connection-string=HostName=h;SharedAccessKey=c2VjcmV0"))
        .hasMessage(expected);
  }

  @Test
  void optionWithoutItsValueShowsHowItIsWritten() {
    assertThatThrownBy(() -> parse("--service"))
        .isInstanceOf(UsageException.class)
        .hasMessage("option --service needs a value: --service NAME=HOST:PORT");
  }

  @Test
  void emptyOrBlankValueIsRefused() {
    assertThatThrownBy(() -> parse("--file=")).hasMessage("option --file has an empty value");
    assertThatThrownBy(() -> parse("--file", " ")).hasMessage("option --file has an empty value");
  }

  @Test
  void flagWithAValueIsRefused() {
    assertThatThrownBy(() -> parse("--json=yes")).hasMessage("option --json takes no value");
  }

  @Test
  void optionGivenTwiceIsRefusedUnlessRepeatable() {
    assertThatThrownBy(() -> parse("--file", "a", "--file=b"))
        .isInstanceOf(UsageException.class)
        .hasMessage("option --file is given more than once");
    assertThatThrownBy(() -> parse("--json", "--json"))
        .hasMessage("option --json is given more than once");
  }

  @Test
  void anOptionNameMustBeLowerCaseWordsAndAFlagCannotRepeat() {
    assertThatThrownBy(() -> new OptionSpec("-f", "FILE", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OptionSpec("--Json", null, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JSON.repeated()).isInstanceOf(IllegalArgumentException.class);
  }
}
