package io.devstreams.protocol;

/**
 * The rule for stream names, which pick the service on the device: 1 to 64 ASCII letters, digits
 * and {@code - _ .}, never {@code .} or {@code ..} (a name travels in a URL path).
 */
public final class StreamNames {

  /** The longest stream name, in characters. */
  public static final int MAX_LENGTH = 64;

  private static final String EXTRA = "-_.";
  private static final String ALLOWED = "letters, digits and - _ .";

  private StreamNames() {}

  /**
   * Checks a stream name, naming what is wrong and where (positions count from 0).
   *
   * @throws IllegalArgumentException if the name is null, empty, too long or has a character
   *     outside the rule
   */
  public static void validate(String name) {
    String problem = Identifiers.problem("stream name", name, MAX_LENGTH, EXTRA, ALLOWED);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Returns whether {@link #validate} would accept the name. */
  public static boolean isValid(String name) {
    return Identifiers.problem("stream name", name, MAX_LENGTH, EXTRA, ALLOWED) == null;
  }
}
