package io.devstreams.protocol.cli;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One {@code --option} of a command line: its name, the name of its value (null for a flag), a line
 * of help, and whether it may be given more than once.
 *
 * @param name the option, for example {@code --trust-cert}
 * @param valueName what the value is, for example {@code FILE}, or null for a flag
 * @param help one line for {@code --help}
 * @param repeatable whether the option may be given more than once, each value kept in order
 */
public record OptionSpec(String name, String valueName, String help, boolean repeatable) {

  private static final Pattern NAME = Pattern.compile("--[a-z0-9]+(-[a-z0-9]+)*");

  /**
   * Checks the name ({@code --lower-case-words}) and that a repeatable option takes a value.
   *
   * @throws IllegalArgumentException if it is not so
   */
  public OptionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(help, "help");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("option name must be --lower-case-words: " + name);
    }
    if (valueName != null && valueName.isBlank()) {
      throw new IllegalArgumentException("value name of " + name + " is blank");
    }
    if (repeatable && valueName == null) {
      throw new IllegalArgumentException("a flag cannot repeat: " + name);
    }
  }

  /** An option given at most once; {@code valueName} null makes it a flag. */
  public OptionSpec(String name, String valueName, String help) {
    this(name, valueName, help, false);
  }

  /** Returns a copy that may be given more than once. */
  public OptionSpec repeated() {
    return new OptionSpec(name, valueName, help, true);
  }

  /** Returns whether the option takes a value. */
  public boolean takesValue() {
    return valueName != null;
  }

  /** Returns the name without its dashes, as a config file spells it: {@code trust-cert}. */
  public String key() {
    return name.substring(2);
  }

  /** Returns how the option is written in a synopsis: {@code --trust-cert FILE}. */
  public String synopsis() {
    return takesValue() ? name + " " + valueName : name;
  }
}
