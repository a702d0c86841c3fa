package io.devstreams.protocol.cli;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A whole-number setting with its range and how messages call it: {@code --local-port must be a
 * port number from 0 to 65535 (got '65536')}.
 *
 * @param noun what the number is, with its article: {@code a whole number of seconds}
 * @param min the smallest value accepted
 * @param max the largest value accepted; {@link Integer#MAX_VALUE} for no limit
 */
public record WholeNumber(String noun, int min, int max) {

  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,10}");

  /** Checks the range. */
  public WholeNumber {
    Objects.requireNonNull(noun, "noun");
    if (min < 0 || max < min) {
      throw new IllegalArgumentException("bad range " + min + " to " + max);
    }
  }

  /** A number of seconds from {@code min} to {@code max}. */
  public static WholeNumber seconds(int min, int max) {
    return new WholeNumber("a whole number of seconds", min, max);
  }

  /**
   * Returns the value's number.
   *
   * @throws UsageException naming the source and the range if it is not a number in range
   */
  public int parse(Value value) {
    String text = value.text();
    if (DIGITS.matcher(text).matches()) {
      long number = Long.parseLong(text);
      if (number >= min && number <= max) {
        return (int) number;
      }
    }
    throw new UsageException(
        value.source() + " must be " + describe() + " (got '" + Echo.of(text) + "')");
  }

  /**
   * Describes the range: {@code a port number from 0 to 65535}, {@code a whole number, 1 or more}.
   */
  public String describe() {
    return max == Integer.MAX_VALUE
        ? noun + ", " + min + " or more"
        : noun + " from " + min + " to " + max;
  }
}
