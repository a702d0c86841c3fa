package io.devstreams.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.cli.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineParserTest {

  private final CommandLineParser parser = new CommandLineParser(Commands.all());

  private CommandLine parse(String... args) {
    return parser.parse(List.of(args));
  }

  @Test
  void resolvesTheSubcommandAndItsArguments() {
    CommandLine line = parse("device", "create", "dev1");

    assertThat(line.command().name()).isEqualTo("device create");
    assertThat(line.arguments()).containsExactly("dev1");
    assertThat(line.help()).isFalse();
  }

  @Test
  void acceptsOptionsBeforeBetweenAndAfterTheWords() {
    CommandLine line =
        parse("--trust-cert", "a.pem", "device", "disable", "--reason=lost", "dev1", "--json");

    assertThat(line.command().name()).isEqualTo("device disable");
    assertThat(line.arguments()).containsExactly("dev1");
    assertThat(line.value(GlobalOptions.TRUST_CERT)).contains("a.pem");
    assertThat(line.value(DeviceCommands.REASON)).contains("lost");
    assertThat(line.has(GlobalOptions.JSON)).isTrue();
  }

  @Test
  void anOptionValueMayStartWithADash() {
    CommandLine line = parse("device", "disable", "dev1", "--reason", "-- stolen --");

    assertThat(line.value(DeviceCommands.REASON)).contains("-- stolen --");
  }

  @Test
  void doubleDashEndsTheOptionsSoAnIdMayStartWithADash() {
    CommandLine line = parse("device", "show", "--", "-dev");

    assertThat(line.arguments()).containsExactly("-dev");
  }

  @Test
  void helpAnywhereAsksForHelpOnWhatWasNamed() {
    assertThat(parse("--help").command()).isNull();
    assertThat(parse("device", "-h").topic()).containsExactly("device");
    assertThat(parse("device", "create", "--help").command().name()).isEqualTo("device create");
  }

  @Test
  void helpDoesNotRequireTheArguments() {
    assertThat(parse("device", "create", "--help").help()).isTrue();
  }

  @Test
  void missingCommandIsAUsageError() {
    assertThatThrownBy(() -> parse())
        .isInstanceOf(UsageException.class)
        .hasMessage("missing command (see 'devstreams --help')");
  }

  @Test
  void unknownCommandListsTheCommands() {
    assertThatThrownBy(() -> parse("devices", "list"))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown command 'devices'; commands: device, forward, stdio, master, streams");
  }

  @Test
  void unknownSubcommandListsTheSubcommands() {
    assertThatThrownBy(() -> parse("device", "remove", "x"))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "device: unknown subcommand 'remove'"
                + " (create, list, show, disable, enable, delete, rotate-key)");
  }

  @Test
  void missingArgumentNamesItAndShowsTheUsage() {
    assertThatThrownBy(() -> parse("device", "show"))
        .isInstanceOf(UsageException.class)
        .hasMessage("device show: missing ID (usage: devstreams device show ID [--json])");
  }

  @Test
  void extraArgumentIsAUsageError() {
    assertThatThrownBy(() -> parse("device", "list", "dev1"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("device list: unexpected argument 'dev1'");
  }

  @Test
  void unknownOptionIsNamedWithoutItsValue() {
    assertThatThrownBy(() -> parse("device", "list", "--key=c2VjcmV0"))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown option '--key' (see 'devstreams --help')");
  }

  @Test
  void connectionStringAsAFlagIsRefusedWithWhereItGoes() {
    assertThatThrownBy(
            () ->
                parse("device", "list", "--connection-string=HostName=h;SharedAccessKey=c2VjcmV0"))
        .isInstanceOf(UsageException.class)
        .hasMessage(
            "the connection string is a secret and is never a flag: set"
                + " DEVSTREAMS_CONNECTION_STRING or use --connection-string-file FILE");
  }

  @Test
  void optionOfAnotherCommandDoesNotApply() {
    assertThatThrownBy(() -> parse("device", "enable", "dev1", "--reason", "x"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("device enable: option --reason does not apply");
  }

  @Test
  void optionWithoutItsValueIsAUsageError() {
    assertThatThrownBy(() -> parse("device", "list", "--trust-cert"))
        .isInstanceOf(UsageException.class)
        .hasMessage("option --trust-cert needs a value: --trust-cert FILE");
  }

  @Test
  void flagWithAValueIsAUsageError() {
    assertThatThrownBy(() -> parse("device", "list", "--json=yes"))
        .isInstanceOf(UsageException.class)
        .hasMessage("option --json takes no value");
  }

  @Test
  void repeatedOptionIsAUsageError() {
    assertThatThrownBy(() -> parse("--trust-cert", "a", "device", "list", "--trust-cert", "b"))
        .isInstanceOf(UsageException.class)
        .hasMessage("option --trust-cert is given more than once");
  }

  @Test
  void controlCharactersInEchoedInputAreMasked() {
    assertThatThrownBy(() -> parse("dev\u001b[2Jice"))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("unknown command 'dev?[2Jice'");
  }
}
