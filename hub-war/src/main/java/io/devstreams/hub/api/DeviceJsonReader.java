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
 *
 * <p>Azure's SDKs send what a caller left out as empty strings: an empty key or thumbprint means
 * none was given (generated on create, kept on update). Without {@code authentication.type}, a body
 * with thumbprints and no keys is a {@code selfSigned} device, as Azure's Node.js SDK infers; the
 * status is read in any case ({@code Enabled} from Azure's Java SDK).
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
    String primaryKey = credential(keys, "primaryKey", "authentication.symmetricKey.primaryKey");
    String secondaryKey =
        credential(keys, "secondaryKey", "authentication.symmetricKey.secondaryKey");
    String primaryThumbprint =
        credential(
            thumbprints, "primaryThumbprint", "authentication.x509Thumbprint.primaryThumbprint");
    String secondaryThumbprint =
        credential(
            thumbprints,
            "secondaryThumbprint",
            "authentication.x509Thumbprint.secondaryThumbprint");
    boolean onlyThumbprints =
        primaryKey == null
            && secondaryKey == null
            && (primaryThumbprint != null || secondaryThumbprint != null);
    AuthType authType =
        type != null
            ? AuthType.fromWireName(type)
            : onlyThumbprints ? AuthType.SELF_SIGNED : AuthType.SAS;
    return new DeviceSpec(
        pathId,
        status == null ? DeviceStatus.ENABLED : DeviceStatus.fromWireName(status),
        string(body, "statusReason", "statusReason"),
        authType,
        primaryKey,
        secondaryKey,
        primaryThumbprint,
        secondaryThumbprint);
  }

  /** Returns a key or thumbprint member, or null when it is absent, JSON null or empty. */
  private static String credential(JsonObject object, String name, String path) {
    String value = string(object, name, path);
    return value == null || value.isEmpty() ? null : value;
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
