package io.devstreams.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The members of one flat JSON object (strings, booleans, null and non-negative integers), read
 * strictly and asked for by name and type; the form of protocol v2's {@code OPEN}, {@code ACCEPT}
 * and {@code REFUSE} payloads. Errors name the member and the problem, never its value.
 */
public final class JsonMembers {

  private final String what;
  private final Map<String, Object> members;

  private JsonMembers(String what, Map<String, Object> members) {
    this.what = what;
    this.members = members;
  }

  /**
   * Parses UTF-8 JSON text, naming it {@code what} in errors (for example "OPEN payload").
   *
   * @throws IllegalArgumentException if it is not one flat JSON object of at most 16 KiB
   */
  public static JsonMembers parse(String what, byte[] utf8, int offset, int length) {
    String text = new String(utf8, offset, length, StandardCharsets.UTF_8);
    try {
      return new JsonMembers(what, FlatJsonReader.read(text, true));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          what + " is not valid: " + e.getMessage().replace("control message ", ""), e);
    }
  }

  /** Returns the UTF-8 JSON text of an object with these members (strings, booleans, numbers). */
  public static byte[] write(Map<String, Object> members) {
    return FlatJsonWriter.write(members).getBytes(StandardCharsets.UTF_8);
  }

  /** Returns a new ordered map to build members in. */
  public static Map<String, Object> builder() {
    return new LinkedHashMap<>();
  }

  /** Returns the members as read. */
  public Map<String, Object> asMap() {
    return Collections.unmodifiableMap(members);
  }

  /**
   * Returns a string member.
   *
   * @throws IllegalArgumentException if it is missing or not a string
   */
  public String string(String name) {
    if (members.get(name) instanceof String value) {
      return value;
    }
    throw new IllegalArgumentException(
        what
            + (members.containsKey(name)
                ? " member '" + name + "' is not a string"
                : " has no '" + name + "'"));
  }

  /**
   * Returns a string member, or null when it is missing or null.
   *
   * @throws IllegalArgumentException if it is of another type
   */
  public String optionalString(String name) {
    Object value = members.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new IllegalArgumentException(what + " member '" + name + "' is not a string");
  }

  /**
   * Returns an integer member between {@code min} and {@code max}, or {@code otherwise} when it is
   * missing or null.
   *
   * @throws IllegalArgumentException if it is of another type or out of range
   */
  public long integer(String name, long min, long max, long otherwise) {
    Object value = members.get(name);
    if (value == null) {
      return otherwise;
    }
    if (!(value instanceof Long number)) {
      throw new IllegalArgumentException(what + " member '" + name + "' is not an integer");
    }
    if (number < min || number > max) {
      throw new IllegalArgumentException(
          what + " member '" + name + "' is out of range (" + min + " to " + max + ")");
    }
    return number;
  }
}
