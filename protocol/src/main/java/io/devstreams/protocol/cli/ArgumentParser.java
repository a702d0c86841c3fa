package io.devstreams.protocol.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses a command line of words and options: options may stand anywhere, as {@code --name VALUE}
 * or {@code --name=VALUE} (a value may start with {@code -}); {@code --} ends the options, so a
 * word may start with {@code -}; {@code -h} or {@code --help} asks for help. Every mistake is a
 * {@link UsageException} with one line that says what is wrong and never repeats an unknown
 * option's value, which might be a secret.
 */
public final class ArgumentParser {

  private final Map<String, OptionSpec> known = new LinkedHashMap<>();
  private final Map<String, SecretSetting> secrets = new LinkedHashMap<>();
  private final String helpHint;

  /**
   * A parser of these options that refuses these secrets as flags.
   *
   * @param options the options the program knows; one spec per name (the first wins)
   * @param secrets the secrets whose {@link SecretSetting#refusedFlag()} gets a refusal that says
   *     where a secret goes
   * @param helpHint appended to the refusal of an unknown option, such as {@code " (see 'devstreams
   *     --help')"}, or empty when the program points to its help on a line of its own
   */
  public ArgumentParser(List<OptionSpec> options, List<SecretSetting> secrets, String helpHint) {
    options.forEach(option -> known.putIfAbsent(option.name(), option));
    secrets.forEach(secret -> this.secrets.put(secret.refusedFlag(), secret));
    this.helpHint = Objects.requireNonNull(helpHint, "helpHint");
  }

  /**
   * Parses the arguments.
   *
   * @throws UsageException for an unknown option, a secret as a flag, a missing or empty value, a
   *     value given to a flag, or an option given twice that may be given once
   */
  public Arguments parse(List<String> args) {
    List<String> words = new ArrayList<>();
    Map<String, List<String>> options = new LinkedHashMap<>();
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
    return new Arguments(words, options, help);
  }

  /** Reads the option at {@code i} into {@code options}; returns the index of its last token. */
  private int readOption(List<String> args, int i, Map<String, List<String>> options) {
    String arg = args.get(i);
    int equals = arg.indexOf('=');
    String name = equals > 0 ? arg.substring(0, equals) : arg;
    String value = equals > 0 ? arg.substring(equals + 1) : null;
    OptionSpec option = option(name);
    if (!option.takesValue() && value != null) {
      throw new UsageException("option " + name + " takes no value");
    }
    if (option.takesValue() && value == null) {
      if (i + 1 >= args.size()) {
        throw new UsageException("option " + name + " needs a value: " + option.synopsis());
      }
      value = args.get(++i);
    }
    if (option.takesValue() && value.isBlank()) {
      throw new UsageException("option " + name + " has an empty value");
    }
    List<String> values = options.computeIfAbsent(name, n -> new ArrayList<>());
    if (!values.isEmpty() && !option.repeatable()) {
      throw new UsageException("option " + name + " is given more than once");
    }
    values.add(option.takesValue() ? value : "");
    return i;
  }

  private OptionSpec option(String name) {
    SecretSetting secret = secrets.get(name);
    if (secret != null) {
      throw new UsageException(secret.flagRefusal());
    }
    OptionSpec option = known.get(name);
    if (option == null) {
      throw new UsageException("unknown option '" + Echo.of(name) + "'" + helpHint);
    }
    return option;
  }
}
