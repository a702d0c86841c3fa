package io.devstreams.service.cli;

import io.devstreams.protocol.cli.OptionSpec;
import java.util.List;
import java.util.Objects;

/**
 * One subcommand: the words that name it, its positional arguments, its own options, a line of help
 * and the action that runs it.
 *
 * @param words the command's name, for example {@code [device, create]}
 * @param arguments names of the positional arguments, all required, for example {@code [ID]}
 * @param options options of this command besides {@link GlobalOptions#ALL}
 * @param required those of {@code options} that must be given, such as {@code --local-port}
 * @param summary one line for {@code --help}
 * @param action what the command does
 */
record CommandSpec(
    List<String> words,
    List<String> arguments,
    List<OptionSpec> options,
    List<OptionSpec> required,
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
    required = List.copyOf(required);
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(action, "action");
    if (words.isEmpty()) {
      throw new IllegalArgumentException("a command needs a name");
    }
    if (!options.containsAll(required)) {
      throw new IllegalArgumentException("a required option must be one of the command's");
    }
  }

  /** A command whose options are all optional. */
  CommandSpec(
      List<String> words,
      List<String> arguments,
      List<OptionSpec> options,
      String summary,
      Action action) {
    this(words, arguments, options, List.of(), summary, action);
  }

  /** Returns the command's name as typed: {@code device create}. */
  String name() {
    return String.join(" ", words);
  }

  /**
   * Returns the usage line, required options first: {@code devstreams forward DEVICE_ID SERVICE
   * --local-port N [--bind ADDR]}.
   */
  String synopsis() {
    StringBuilder line = new StringBuilder("devstreams ").append(name());
    arguments.forEach(argument -> line.append(' ').append(argument));
    required.forEach(option -> line.append(' ').append(option.synopsis()));
    options.stream()
        .filter(option -> !required.contains(option))
        .forEach(option -> line.append(" [").append(option.synopsis()).append(']'));
    return line.toString();
  }

  /** Returns whether this command accepts the option (its own or a global one). */
  boolean accepts(OptionSpec option) {
    return options.contains(option) || GlobalOptions.ALL.contains(option);
  }
}
