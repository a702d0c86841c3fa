package io.devstreams.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Strict RFC 8259 reader for one flat JSON object whose values are strings, booleans or null, and,
 * when asked for, non-negative integers.
 *
 * <p>Returns members in order; a JSON null is a present key with a null value; integers are {@link
 * Long}s. Errors name the problem and the position, never the text.
 */
final class FlatJsonReader {

  static final int MAX_LENGTH = 16 * 1024;

  /** The most digits an integer may have: any such number fits a {@code long}. */
  private static final int MAX_DIGITS = 18;

  private final String text;
  private final boolean integers;
  private int pos;

  private FlatJsonReader(String text, boolean integers) {
    this.text = text;
    this.integers = integers;
  }

  static Map<String, Object> read(String text) {
    return read(text, false);
  }

  /** Reads the object; with {@code integers}, members may also be integers from 0 to 10^18 - 1. */
  static Map<String, Object> read(String text, boolean integers) {
    if (text == null) {
      throw new IllegalArgumentException("control message is missing");
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("control message is empty");
    }
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "control message is longer than "
              + MAX_LENGTH
              + " characters (got "
              + text.length()
              + ")");
    }
    FlatJsonReader reader = new FlatJsonReader(text, integers);
    Map<String, Object> members = reader.object();
    reader.skipWhitespace();
    if (reader.pos != text.length()) {
      throw reader.fail("unexpected content after the object");
    }
    return members;
  }

  private Map<String, Object> object() {
    skipWhitespace();
    expect('{');
    Map<String, Object> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return members;
    }
    while (true) {
      skipWhitespace();
      int keyPosition = pos;
      String key = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object value = value();
      if (members.containsKey(key)) {
        pos = keyPosition;
        throw fail("duplicate member");
      }
      members.put(key, value);
      skipWhitespace();
      char next = next("',' or '}'");
      if (next == '}') {
        return members;
      }
      if (next != ',') {
        pos--;
        throw fail("expected ',' or '}'");
      }
    }
  }

  private Object value() {
    char c = peek();
    return switch (c) {
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      case '{', '[' -> throw fail("nested objects and arrays are not supported");
      default -> {
        if (integers && c >= '0' && c <= '9') {
          yield integer();
        }
        throw fail(
            c == '-' || (c >= '0' && c <= '9')
                ? integers
                    ? "only non-negative integers are supported"
                    : "numbers are not supported"
                : "expected a value");
      }
    };
  }

  private Long integer() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
    if (pos < text.length()
        && (text.charAt(pos) == '.' || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      throw fail("only non-negative integers are supported");
    }
    if (pos - start > MAX_DIGITS) {
      pos = start;
      throw fail("integer too large");
    }
    if (pos - start > 1 && text.charAt(start) == '0') {
      pos = start;
      throw fail("leading zero in an integer");
    }
    return Long.parseLong(text, start, pos, 10);
  }

  private Object literal(String word, Boolean value) {
    if (!text.startsWith(word, pos)) {
      throw fail("expected a value");
    }
    pos += word.length();
    return value;
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next("closing '\"'");
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        out.append(escape());
      } else if (c < 0x20) {
        pos--;
        throw fail("unescaped control character in a string");
      } else {
        out.append(c);
      }
    }
    checkSurrogates(out);
    return out.toString();
  }

  private char escape() {
    char c = next("an escape");
    return switch (c) {
      case '"', '\\', '/' -> c;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> unicodeEscape();
      default -> {
        pos--;
        throw fail("invalid escape");
      }
    };
  }

  private char unicodeEscape() {
    int value = 0;
    for (int i = 0; i < 4; i++) {
      char c = next("four hex digits");
      int digit = c < 0x80 ? Character.digit(c, 16) : -1;
      if (digit < 0) {
        pos--;
        throw fail("invalid \\u escape");
      }
      value = value * 16 + digit;
    }
    return (char) value;
  }

  private void checkSurrogates(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw fail("unpaired surrogate in a string");
      }
    }
  }

  private void skipWhitespace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw fail("unexpected end of text");
    }
    return text.charAt(pos);
  }

  private char next(String expected) {
    if (pos >= text.length()) {
      throw fail("unexpected end of text, expected " + expected);
    }
    return text.charAt(pos++);
  }

  private void expect(char c) {
    if (next("'" + c + "'") != c) {
      pos--;
      throw fail("expected '" + c + "'");
    }
  }

  private IllegalArgumentException fail(String problem) {
    return new IllegalArgumentException(
        "control message is not valid JSON: " + problem + " at position " + pos);
  }
}
