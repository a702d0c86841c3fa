package io.devstreams.service.cli;

import java.util.List;
import java.util.Objects;

/**
 * One subcommand: the words that name it, its positional arguments, its own options, a line of help
 * and the action that runs it.
 *
 * @param words the command's name, for example {@code [device, create]}
 * @param arguments names of the positional arguments, all required, for example {@code [ID]}
 * @param options options of this command besides {@link OptionSpec#GLOBAL}
 * @param summary one line for {@code --help}
 * @param action what the command does
 */
record CommandSpec(
    List<String> words,
    List<String> arguments,
    List<OptionSpec> options,
    String summary,
    Action action) {

  /** Runs a parsed command; returning normally means exit code 0. */
  @FunctionalInterface
  interface Action {
    /** Runs the command, throwing for any failure. */
    void run(Invocation invocation);
  }

  CommandSpec {
    words = List.copyOf(words);
    arguments = List.copyOf(arguments);
    options = List.copyOf(options);
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(action, "action");
    if (words.isEmpty()) {
      throw new IllegalArgumentException("a command needs a name");
    }
  }

  /** Returns the command's name as typed: {@code device create}. */
  String name() {
    return String.join(" ", words);
  }

  /** Returns the usage line: {@code devstreams device create ID [--json]}. */
  String synopsis() {
    StringBuilder line = new StringBuilder("devstreams ").append(name());
    arguments.forEach(argument -> line.append(' ').append(argument));
    options.forEach(option -> line.append(" [").append(option.synopsis()).append(']'));
    return line.toString();
  }

  /** Returns whether this command accepts the option (its own or a global one). */
  boolean accepts(OptionSpec option) {
    return options.contains(option) || OptionSpec.GLOBAL.contains(option);
  }
}
