package io.devstreams.protocol.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed command line: the words that are not options (commands and positional arguments), the
 * options given, and whether help was asked for.
 *
 * @param words the words in order, {@code --} removed
 * @param options each option's values by name, in the order first given; a flag has one empty value
 * @param help whether {@code --help} or {@code -h} was given
 */
public record Arguments(List<String> words, Map<String, List<String>> options, boolean help) {

  /** Copies the lists and keeps the options in the order they were given. */
  public Arguments {
    words = List.copyOf(words);
    Map<String, List<String>> copy = new LinkedHashMap<>();
    options.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    options = Collections.unmodifiableMap(copy);
  }

  /** Returns whether the option was given. */
  public boolean has(OptionSpec option) {
    return options.containsKey(option.name());
  }

  /** Returns the option's value, if it was given (its first, for a repeatable option). */
  public Optional<String> value(OptionSpec option) {
    return values(option).stream().findFirst();
  }

  /** Returns every value of the option in the order given; empty if it was not given. */
  public List<String> values(OptionSpec option) {
    return options.getOrDefault(option.name(), List.of());
  }
}
