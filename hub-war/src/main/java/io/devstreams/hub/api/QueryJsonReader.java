package io.devstreams.hub.api;

import io.devstreams.hub.errors.HubException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** Reads the body of {@code POST /devices/query}: an object with a string member {@code query}. */
final class QueryJsonReader {

  private QueryJsonReader() {}

  /**
   * Returns the query text.
   *
   * @throws HubException BAD_REQUEST unless the body is an object with a string {@code query}
   */
  static String read(JsonValue body) {
    JsonValue query =
        body != null && body.getValueType() == JsonValue.ValueType.OBJECT
            ? body.asJsonObject().get("query")
            : null;
    if (query == null || query.getValueType() != JsonValue.ValueType.STRING) {
      throw HubException.badRequest(
          "the body must be a JSON object with a string member 'query', as"
              + " {\"query\":\"SELECT * FROM devices\"}");
    }
    return ((JsonString) query).getString();
  }
}
