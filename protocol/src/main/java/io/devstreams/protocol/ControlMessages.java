package io.devstreams.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes {@link ControlMessage}s as flat JSON objects tagged by {@code "type"} and decodes them
 * strictly.
 *
 * <p>Decoding accepts one JSON object of at most 16 KiB (16384 characters) whose members are
 * strings, {@code true}, {@code false} or {@code null}; numbers, nested objects and arrays are
 * rejected because no message has them, and duplicate members are rejected. Members a message does
 * not define are ignored, so a later hub may add fields without breaking older devices.
 */
public final class ControlMessages {

  /** The longest text {@link #decode} reads, in characters. */
  public static final int MAX_LENGTH = FlatJsonReader.MAX_LENGTH;

  private ControlMessages() {}

  /** Returns the JSON text of a message; non-ASCII characters are written as escapes. */
  public static String encode(ControlMessage message) {
    Map<String, Object> members = new LinkedHashMap<>();
    if (message instanceof StreamRequest request) {
      members.put("type", "streamRequest");
      members.put("requestId", request.requestId());
      members.put("name", request.name());
      members.put("url", request.url());
      members.put("authorizationToken", request.authorizationToken());
    } else if (message instanceof StreamResponse response) {
      members.put("type", "streamResponse");
      members.put("requestId", response.requestId());
      members.put("accepted", response.accepted());
      if (response.reason() != null) {
        members.put("reason", response.reason());
      }
    } else if (message instanceof Fin) {
      members.put("type", "fin");
    } else {
      throw new IllegalArgumentException("message is missing");
    }
    return FlatJsonWriter.write(members);
  }

  /**
   * Parses a message.
   *
   * @throws IllegalArgumentException if the text is too long, not a flat JSON object, has an
   *     unknown type or lacks a field; the message never echoes field values
   */
  public static ControlMessage decode(String json) {
    Map<String, Object> members = FlatJsonReader.read(json);
    String type = string(members, "type");
    switch (type) {
      case "streamRequest":
        return new StreamRequest(
            string(members, "requestId"),
            string(members, "name"),
            string(members, "url"),
            string(members, "authorizationToken"));
      case "streamResponse":
        return new StreamResponse(
            string(members, "requestId"),
            bool(members, "accepted"),
            optionalString(members, "reason"));
      case "fin":
        return new Fin();
      default:
        throw new IllegalArgumentException(
            type.matches("[A-Za-z]{1,32}")
                ? "unknown control message type '" + type + "'"
                : "unknown control message type");
    }
  }

  private static String string(Map<String, Object> members, String name) {
    if (!members.containsKey(name)) {
      throw new IllegalArgumentException("control message has no '" + name + "'");
    }
    if (members.get(name) instanceof String value) {
      return value;
    }
    throw new IllegalArgumentException("control message member '" + name + "' is not a string");
  }

  private static String optionalString(Map<String, Object> members, String name) {
    Object value = members.get(name);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw new IllegalArgumentException("control message member '" + name + "' is not a string");
  }

  private static boolean bool(Map<String, Object> members, String name) {
    if (!members.containsKey(name)) {
      throw new IllegalArgumentException("control message has no '" + name + "'");
    }
    if (members.get(name) instanceof Boolean value) {
      return value;
    }
    throw new IllegalArgumentException(
        "control message member '" + name + "' is not true or false");
  }
}
