package io.devstreams.hub.api;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.registry.AuthType;
import io.devstreams.hub.registry.DeviceSpec;
import io.devstreams.hub.registry.DeviceStatus;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Reads a {@code PUT /devices/{id}} body into a {@link DeviceSpec}, naming the member at fault for
 * every wrong type.
 *
 * <p>Members the hub computes ({@code etag}, {@code generationId}, {@code connectionState}, times)
 * and members it does not know are ignored, as Azure does, so that a client can send back what it
 * got from a GET.
 */
final class DeviceJsonReader {

  private DeviceJsonReader() {}

  /**
   * Reads the body of a PUT to {@code /devices/{pathId}}.
   *
   * @throws HubException BAD_REQUEST naming the member at fault
   */
  static DeviceSpec read(String pathId, JsonValue json) {
    if (json.getValueType() != JsonValue.ValueType.OBJECT) {
      throw wrongType("the request body", "a JSON object", json);
    }
    JsonObject body = json.asJsonObject();
    String deviceId = string(body, "deviceId", "deviceId");
    if (deviceId != null && !deviceId.equals(pathId)) {
      throw HubException.badRequest(
          "deviceId in the body ('" + deviceId + "') differs from the id in the path");
    }
    String status = string(body, "status", "status");
    JsonObject auth = object(body, "authentication", "authentication");
    JsonObject keys = object(auth, "symmetricKey", "authentication.symmetricKey");
    JsonObject thumbprints = object(auth, "x509Thumbprint", "authentication.x509Thumbprint");
    String type = string(auth, "type", "authentication.type");
    return new DeviceSpec(
        pathId,
        status == null ? DeviceStatus.ENABLED : DeviceStatus.fromWireName(status),
        string(body, "statusReason", "statusReason"),
        type == null ? AuthType.SAS : AuthType.fromWireName(type),
        string(keys, "primaryKey", "authentication.symmetricKey.primaryKey"),
        string(keys, "secondaryKey", "authentication.symmetricKey.secondaryKey"),
        string(thumbprints, "primaryThumbprint", "authentication.x509Thumbprint.primaryThumbprint"),
        string(
            thumbprints,
            "secondaryThumbprint",
            "authentication.x509Thumbprint.secondaryThumbprint"));
  }

  /** Returns a string member, or null when the object or member is absent or JSON null. */
  private static String string(JsonObject object, String name, String path) {
    JsonValue value = member(object, name);
    if (value == null) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.STRING) {
      throw wrongType(path, "a string", value);
    }
    return ((JsonString) value).getString();
  }

  /** Returns an object member, or null when the object or member is absent or JSON null. */
  private static JsonObject object(JsonObject object, String name, String path) {
    JsonValue value = member(object, name);
    if (value == null) {
      return null;
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw wrongType(path, "an object", value);
    }
    return value.asJsonObject();
  }

  private static JsonValue member(JsonObject object, String name) {
    if (object == null) {
      return null;
    }
    JsonValue value = object.get(name);
    return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
  }

  private static HubException wrongType(String path, String expected, JsonValue value) {
    String actual = value.getValueType().name().toLowerCase(java.util.Locale.ROOT);
    return HubException.badRequest(path + " must be " + expected + " (got " + actual + ")");
  }
}
