package io.devstreams.service.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed command line: the command (null when only help was asked for a group or the whole CLI),
 * its positional arguments and the options given, by name.
 *
 * @param topic the command words typed, for help on a group such as {@code [device]}
 * @param command the command to run, or null when {@code help} asks about a group or everything
 * @param arguments the positional arguments, as many as the command declares (unless help)
 * @param options option values by name; a flag maps to the empty string
 * @param help whether {@code --help} or {@code -h} was given
 */
record CommandLine(
    List<String> topic,
    CommandSpec command,
    List<String> arguments,
    Map<String, String> options,
    boolean help) {

  CommandLine {
    topic = List.copyOf(topic);
    arguments = List.copyOf(arguments);
    options = Map.copyOf(options);
  }

  /** Returns whether the option was given. */
  boolean has(OptionSpec option) {
    return options.containsKey(option.name());
  }

  /** Returns the option's value, if it was given. */
  Optional<String> value(OptionSpec option) {
    return Optional.ofNullable(options.get(option.name()));
  }

  /** Returns the positional argument at {@code index}. */
  String argument(int index) {
    return arguments.get(index);
  }
}
