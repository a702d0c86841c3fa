package io.devstreams.hub.registry;

import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.DeviceIds;
import java.util.Base64;
import java.util.Objects;

/**
 * What a caller asks a device to be, validated in full before anything is written.
 *
 * <p>A null key means "generate one" on create and "keep the current one" on update.
 *
 * @param deviceId the device id (Azure's rule, see {@link DeviceIds})
 * @param status enabled or disabled
 * @param statusReason free text of at most {@value #MAX_STATUS_REASON} characters, or null
 * @param authType how the device authenticates; only {@link AuthType#SAS} is implemented
 * @param primaryKey base64 of 16 to 64 bytes, or null
 * @param secondaryKey base64 of 16 to 64 bytes, or null
 */
public record DeviceSpec(
    String deviceId,
    DeviceStatus status,
    String statusReason,
    AuthType authType,
    String primaryKey,
    String secondaryKey) {

  /** The longest status reason, in characters (Azure's limit). */
  public static final int MAX_STATUS_REASON = 128;

  /** The shortest accepted symmetric key, in decoded bytes. */
  public static final int MIN_KEY_BYTES = 16;

  /** The longest accepted symmetric key, in decoded bytes. */
  public static final int MAX_KEY_BYTES = 64;

  /**
   * Validates every part.
   *
   * @throws HubException BAD_REQUEST naming the first problem (never quoting a key)
   */
  public DeviceSpec {
    try {
      DeviceIds.validate(deviceId);
    } catch (IllegalArgumentException e) {
      throw HubException.badRequest(e.getMessage());
    }
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(authType, "authType");
    if (statusReason != null && statusReason.length() > MAX_STATUS_REASON) {
      throw HubException.badRequest(
          "statusReason is longer than " + MAX_STATUS_REASON + " characters");
    }
    if (authType != AuthType.SAS) {
      throw HubException.badRequest(
          "authentication type '" + authType.wireName() + "' is not supported yet; use 'sas'");
    }
    checkKey("primaryKey", primaryKey);
    checkKey("secondaryKey", secondaryKey);
  }

  private static void checkKey(String name, String key) {
    if (key == null) {
      return;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(key);
    } catch (IllegalArgumentException e) {
      throw HubException.badRequest("authentication.symmetricKey." + name + " is not valid base64");
    }
    if (bytes.length < MIN_KEY_BYTES || bytes.length > MAX_KEY_BYTES) {
      throw HubException.badRequest(
          "authentication.symmetricKey."
              + name
              + " must decode to "
              + MIN_KEY_BYTES
              + " to "
              + MAX_KEY_BYTES
              + " bytes (got "
              + bytes.length
              + ")");
    }
  }

  /** Describes the spec with its keys redacted. */
  @Override
  public String toString() {
    return "DeviceSpec[deviceId="
        + deviceId
        + ", status="
        + status
        + ", statusReason="
        + statusReason
        + ", authType="
        + authType
        + ", keys=<redacted>]";
  }
}
