package io.devstreams.service.cli;

import io.devstreams.protocol.cli.Arguments;
import io.devstreams.protocol.cli.OptionSpec;
import io.devstreams.protocol.cli.Value;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed command line: the command (null when only help was asked for a group or the whole CLI),
 * its positional arguments and the options given.
 *
 * @param topic the command words typed, for help on a group such as {@code [device]}
 * @param command the command to run, or null when help asks about a group or everything
 * @param arguments the positional arguments, as many as the command declares (unless help)
 * @param options the options given, as the shared parser read them
 */
record CommandLine(
    List<String> topic, CommandSpec command, List<String> arguments, Arguments options) {

  CommandLine {
    topic = List.copyOf(topic);
    arguments = List.copyOf(arguments);
    Objects.requireNonNull(options, "options");
  }

  /** Returns whether {@code --help} or {@code -h} was given. */
  boolean help() {
    return options.help();
  }

  /** Returns whether the option was given. */
  boolean has(OptionSpec option) {
    return options.has(option);
  }

  /** Returns the option's value, if it was given. */
  Optional<String> value(OptionSpec option) {
    return options.value(option);
  }

  /** Returns the option's value with its name as its source, for messages, if it was given. */
  Optional<Value> find(OptionSpec option) {
    return value(option).map(text -> new Value(text, option.name(), Value.Origin.FLAG));
  }

  /** Returns the positional argument at {@code index}. */
  String argument(int index) {
    return arguments.get(index);
  }
}
