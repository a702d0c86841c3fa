package io.devstreams.service.cli;

import io.devstreams.protocol.cli.OptionSpec;
import io.devstreams.protocol.tunnel.Heartbeat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code --help} texts: for the whole CLI, for a group such as {@code device}, or for one
 * command.
 */
final class Help {

  private Help() {}

  /** Returns the help the command line asks for. */
  static String forTopic(CommandLine line, List<CommandSpec> commands) {
    if (line.command() != null) {
      return command(line.command());
    }
    if (!line.topic().isEmpty()) {
      String group = line.topic().get(0);
      return "usage: devstreams "
          + group
          + " SUBCOMMAND [ARGS] [OPTIONS]\n\nSubcommands:\n"
          + list(
              commands.stream()
                  .filter(c -> c.words().get(0).equals(group))
                  .collect(Collectors.toList()))
          + "\nRun 'devstreams "
          + group
          + " SUBCOMMAND --help' for one subcommand, 'devstreams --help' for options.\n";
    }
    return all(commands);
  }

  private static String all(List<CommandSpec> commands) {
    return "usage: devstreams [OPTIONS] COMMAND [ARGS]\n\n"
        + "Administers the devices of a devstreams hub and opens TCP streams to them.\n\n"
        + "Commands:\n"
        + list(commands)
        + "\nOptions (any command):\n"
        + options(GlobalOptions.ALL)
        + "  -h, --help                     show help; 'devstreams COMMAND --help' for one command\n"
        + "\nEnvironment:\n"
        + "  "
        + Settings.CONNECTION_STRING_ENV
        + "  the service connection string (unless --connection-string-file):\n"
        + "    HostName=HOST;SharedAccessKeyName=NAME;SharedAccessKey=KEY\n"
        + "  "
        + Settings.TRUST_CERT_ENV
        + "         the hub's certificate (unless --trust-cert), for a self-signed\n"
        + "                                hub its DATA/hub-cert.pem; else the JDK's CAs\n"
        + "  HTTPS_PROXY, NO_PROXY         the HTTP CONNECT proxy to the hub (unless --proxy) and\n"
        + "                                the hosts reached without it\n"
        + "  "
        + Heartbeat.ENV
        + "  ping a silent hub after this long (default "
        + Heartbeat.DEFAULT.interval().toSeconds()
        + ") and\n"
        + "                                give a stream up after three times as long\n"
        + "  DEVSTREAMS_DEBUG=1            print stack traces and requests with errors\n"
        + "\nExit codes: 0 success, 1 failure, 2 usage error.\n";
  }

  private static String command(CommandSpec command) {
    StringBuilder text = new StringBuilder("usage: ").append(command.synopsis()).append("\n\n");
    text.append(Character.toUpperCase(command.summary().charAt(0)))
        .append(command.summary().substring(1))
        .append(".\n");
    if (!command.options().isEmpty()) {
      text.append("\nOptions:\n").append(options(command.options()));
    }
    text.append("\nOptions (any command):\n").append(options(GlobalOptions.ALL));
    return text.toString();
  }

  private static String list(List<CommandSpec> commands) {
    return commands.stream()
        .map(c -> String.format("  %-26s %s%n", c.name() + argumentsOf(c), c.summary()))
        .collect(Collectors.joining());
  }

  private static String argumentsOf(CommandSpec command) {
    return command.arguments().stream().map(a -> " " + a).collect(Collectors.joining());
  }

  private static String options(List<OptionSpec> options) {
    return options.stream()
        .map(o -> String.format("  %-30s %s%n", o.synopsis(), o.help()))
        .collect(Collectors.joining());
  }
}
