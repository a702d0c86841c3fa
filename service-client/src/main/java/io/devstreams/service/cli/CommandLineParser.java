package io.devstreams.service.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Parses {@code devstreams [OPTIONS] COMMAND WORDS... ARGS... [OPTIONS]}: options may stand
 * anywhere, as {@code --name VALUE} or {@code --name=VALUE}; {@code --} ends the options, so an
 * argument may start with {@code -}. Every mistake is a {@link UsageException} with one line that
 * says what is wrong.
 */
final class CommandLineParser {

  private final List<CommandSpec> commands;
  private final Map<String, OptionSpec> knownOptions = new LinkedHashMap<>();

  CommandLineParser(List<CommandSpec> commands) {
    this.commands = List.copyOf(commands);
    Stream.concat(OptionSpec.GLOBAL.stream(), commands.stream().flatMap(c -> c.options().stream()))
        .forEach(option -> knownOptions.putIfAbsent(option.name(), option));
  }

  CommandLine parse(List<String> args) {
    List<String> words = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    boolean help = false;
    boolean endOfOptions = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (endOfOptions || arg.equals("-") || !arg.startsWith("-")) {
        words.add(arg);
      } else if (arg.equals("--")) {
        endOfOptions = true;
      } else if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
      } else {
        i = readOption(args, i, options);
      }
    }
    CommandSpec command = resolve(words, help);
    if (command == null) {
      return new CommandLine(words, null, List.of(), options, true);
    }
    List<String> arguments = words.subList(command.words().size(), words.size());
    if (!help) {
      check(command, arguments, options);
    }
    return new CommandLine(command.words(), command, arguments, options, help);
  }

  /** Reads the option at {@code i} into {@code options}; returns the index of its last token. */
  private int readOption(List<String> args, int i, Map<String, String> options) {
    String arg = args.get(i);
    int equals = arg.indexOf('=');
    String name = equals > 0 ? arg.substring(0, equals) : arg;
    String value = equals > 0 ? arg.substring(equals + 1) : null;
    OptionSpec option = knownOptions.get(name);
    if (option == null) {
      throw new UsageException(
          "unknown option '" + printable(name) + "' (see 'devstreams --help')");
    }
    if (!option.takesValue() && value != null) {
      throw new UsageException("option " + name + " takes no value");
    }
    if (option.takesValue() && value == null) {
      if (i + 1 >= args.size()) {
        throw new UsageException("option " + name + " needs a value: " + option.synopsis());
      }
      value = args.get(++i);
    }
    if (option.takesValue() && value.isEmpty()) {
      throw new UsageException("option " + name + " has an empty value");
    }
    if (options.put(name, option.takesValue() ? value : "") != null) {
      throw new UsageException("option " + name + " is given more than once");
    }
    return i;
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
          "unknown command '" + printable(group) + "'; commands: " + String.join(", ", groups()));
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
            + printable(words.get(1))
            + "' ("
            + String.join(", ", subcommands)
            + ")");
  }

  private void check(CommandSpec command, List<String> arguments, Map<String, String> options) {
    for (String name : options.keySet()) {
      if (!command.accepts(knownOptions.get(name))) {
        throw usage(command, "option " + name + " does not apply");
      }
    }
    List<String> expected = command.arguments();
    if (arguments.size() < expected.size()) {
      throw usage(command, "missing " + expected.get(arguments.size()));
    }
    if (arguments.size() > expected.size()) {
      throw usage(
          command, "unexpected argument '" + printable(arguments.get(expected.size())) + "'");
    }
    for (OptionSpec option : command.required()) {
      if (!options.containsKey(option.name())) {
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

  /** Echoes user input safely: at most 32 characters, control characters shown as '?'. */
  private static String printable(String text) {
    String cut = text.length() > 32 ? text.substring(0, 32) + "..." : text;
    return cut.chars()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
