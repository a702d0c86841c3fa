package io.devstreams.protocol.cli;

/** Repeats user input in a message safely: one line, short, no terminal control characters. */
public final class Echo {

  /** Longest input repeated in full; longer input is cut and ends with {@code ...}. */
  static final int MAX = 32;

  private Echo() {}

  /** Returns {@code text} cut to {@value #MAX} characters with control characters shown as '?'. */
  public static String of(String text) {
    String cut = text.length() > MAX ? text.substring(0, MAX) + "..." : text;
    return cut.chars()
        .map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
