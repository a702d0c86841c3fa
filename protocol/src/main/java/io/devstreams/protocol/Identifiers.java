package io.devstreams.protocol;

/** Shared check behind {@link DeviceIds} and {@link StreamNames}: length, charset and dot names. */
final class Identifiers {

  private Identifiers() {}

  /**
   * Returns why {@code value} breaks the rule, or null when it is valid.
   *
   * @param what the name used in the message, for example "device id"
   * @param extra the punctuation allowed besides ASCII letters and digits
   * @param allowed how the message lists the allowed characters
   */
  static String problem(String what, String value, int maxLength, String extra, String allowed) {
    if (value == null) {
      return what + " is missing";
    }
    if (value.isEmpty()) {
      return what + " is empty";
    }
    if (value.length() > maxLength) {
      return what + " is longer than " + maxLength + " characters (got " + value.length() + ")";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!isAsciiLetterOrDigit(c) && extra.indexOf(c) < 0) {
        return what + " contains " + describe(c) + " at position " + i + "; allowed: " + allowed;
      }
    }
    if (value.equals(".") || value.equals("..")) {
      return what + " must not be '.' or '..'";
    }
    return null;
  }

  static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** Quotes a printable ASCII character; names any other as U+XXXX so messages stay one line. */
  static String describe(char c) {
    if (c >= 0x20 && c < 0x7f) {
      return "'" + c + "'";
    }
    return String.format("U+%04X", (int) c);
  }
}
