package io.devstreams.service.cli;

import io.devstreams.protocol.cli.ArgumentParser;
import io.devstreams.protocol.cli.Arguments;
import io.devstreams.protocol.cli.Echo;
import io.devstreams.protocol.cli.OptionSpec;
import io.devstreams.protocol.cli.UsageException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Parses {@code devstreams [OPTIONS] COMMAND WORDS... ARGS... [OPTIONS]} with the parser both CLIs
 * share (options anywhere, {@code --name VALUE} or {@code --name=VALUE}, {@code --} ending them),
 * then finds the command the words name and checks its arguments and options. Every mistake is a
 * {@link UsageException} with one line that says what is wrong.
 */
final class CommandLineParser {

  private final List<CommandSpec> commands;
  private final Map<String, OptionSpec> knownOptions = new LinkedHashMap<>();
  private final ArgumentParser parser;

  CommandLineParser(List<CommandSpec> commands) {
    this.commands = List.copyOf(commands);
    Stream.concat(GlobalOptions.ALL.stream(), commands.stream().flatMap(c -> c.options().stream()))
        .forEach(option -> knownOptions.putIfAbsent(option.name(), option));
    this.parser =
        new ArgumentParser(
            List.copyOf(knownOptions.values()),
            List.of(GlobalOptions.CONNECTION_STRING),
            " (see 'devstreams --help')");
  }

  CommandLine parse(List<String> args) {
    Arguments parsed = parser.parse(args);
    List<String> words = parsed.words();
    CommandSpec command = resolve(words, parsed.help());
    if (command == null) {
      return new CommandLine(words, null, List.of(), parsed);
    }
    List<String> arguments = words.subList(command.words().size(), words.size());
    if (!parsed.help()) {
      check(command, arguments, parsed);
    }
    return new CommandLine(command.words(), command, arguments, parsed);
  }

  /** Returns the command the words name, or null for help on a group or on everything. */
  private CommandSpec resolve(List<String> words, boolean help) {
    CommandSpec best = null;
    for (CommandSpec command : commands) {
      int n = command.words().size();
      boolean matches = words.size() >= n && words.subList(0, n).equals(command.words());
      if (matches && (best == null || n > best.words().size())) {
        best = command;
      }
    }
    if (best != null) {
      return best;
    }
    if (words.isEmpty()) {
      if (help) {
        return null;
      }
      throw new UsageException("missing command (see 'devstreams --help')");
    }
    String group = words.get(0);
    List<String> subcommands = subcommands(group);
    if (subcommands.isEmpty()) {
      throw new UsageException(
          "unknown command '" + Echo.of(group) + "'; commands: " + String.join(", ", groups()));
    }
    if (words.size() == 1) {
      if (help) {
        return null;
      }
      throw new UsageException(
          group + ": missing subcommand (" + String.join(", ", subcommands) + ")");
    }
    throw new UsageException(
        group
            + ": unknown subcommand '"
            + Echo.of(words.get(1))
            + "' ("
            + String.join(", ", subcommands)
            + ")");
  }

  private void check(CommandSpec command, List<String> arguments, Arguments options) {
    for (String name : options.options().keySet()) {
      if (!command.accepts(knownOptions.get(name))) {
        throw usage(command, "option " + name + " does not apply");
      }
    }
    List<String> expected = command.arguments();
    if (arguments.size() < expected.size()) {
      throw usage(command, "missing " + expected.get(arguments.size()));
    }
    if (arguments.size() > expected.size()) {
      throw usage(command, "unexpected argument '" + Echo.of(arguments.get(expected.size())) + "'");
    }
    for (OptionSpec option : command.required()) {
      if (!options.has(option)) {
        throw usage(command, "missing " + option.synopsis());
      }
    }
  }

  private static UsageException usage(CommandSpec command, String problem) {
    return new UsageException(
        command.name() + ": " + problem + " (usage: " + command.synopsis() + ")");
  }

  private List<String> groups() {
    return commands.stream().map(c -> c.words().get(0)).distinct().collect(Collectors.toList());
  }

  private List<String> subcommands(String group) {
    return commands.stream()
        .filter(c -> c.words().size() > 1 && c.words().get(0).equals(group))
        .map(c -> c.words().get(1))
        .collect(Collectors.toList());
  }
}
