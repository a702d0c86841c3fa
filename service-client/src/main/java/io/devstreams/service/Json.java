package io.devstreams.service;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.Type;

/**
 * Reads and writes the hub's JSON with JSON-B; one shared, thread-safe instance per format.
 *
 * <p>Compact JSON (request bodies) leaves null members out; pretty JSON (for people and scripts)
 * keeps them, as the hub sends them. Unknown members are ignored, so that a newer hub can add
 * members.
 */
public final class Json {

  private static final Jsonb COMPACT = JsonbBuilder.create(new JsonbConfig());
  private static final Jsonb PRETTY =
      JsonbBuilder.create(new JsonbConfig().withFormatting(true).withNullValues(true));

  private Json() {}

  /** Returns the value as compact JSON. */
  public static String write(Object value) {
    return COMPACT.toJson(value);
  }

  /** Returns the value as indented JSON with null members, for {@code --json} output. */
  public static String writePretty(Object value) {
    return PRETTY.toJson(value).strip();
  }

  /**
   * Reads a value of the given type.
   *
   * @throws IllegalArgumentException if the text is not JSON of that shape
   */
  public static <T> T read(String json, Type type) {
    try {
      return COMPACT.fromJson(json, type);
    } catch (JsonbException e) {
      throw new IllegalArgumentException(firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "not valid JSON";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
