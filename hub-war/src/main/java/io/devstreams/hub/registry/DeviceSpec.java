package io.devstreams.hub.registry;

import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.DeviceIds;
import io.devstreams.protocol.Thumbprints;
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
 * @param authType how the device authenticates: {@link AuthType#SAS} or {@link
 *     AuthType#SELF_SIGNED}
 * @param primaryKey base64 of 16 to 64 bytes, or null; only for {@code sas}
 * @param secondaryKey base64 of 16 to 64 bytes, or null; only for {@code sas}
 * @param primaryThumbprint the SHA-256 thumbprint of the device's certificate, required for {@code
 *     selfSigned} (stored in the canonical form of {@link Thumbprints#normalize})
 * @param secondaryThumbprint a second certificate's thumbprint for {@code selfSigned}, or null
 */
public record DeviceSpec(
    String deviceId,
    DeviceStatus status,
    String statusReason,
    AuthType authType,
    String primaryKey,
    String secondaryKey,
    String primaryThumbprint,
    String secondaryThumbprint) {

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
    switch (authType) {
      case SAS -> {
        checkKey("primaryKey", primaryKey);
        checkKey("secondaryKey", secondaryKey);
        requireNone("authentication.x509Thumbprint", primaryThumbprint, secondaryThumbprint);
      }
      case SELF_SIGNED -> {
        requireNone("authentication.symmetricKey", primaryKey, secondaryKey);
        if (primaryThumbprint == null) {
          throw HubException.badRequest(
              "authentication.x509Thumbprint.primaryThumbprint is required for type 'selfSigned'");
        }
        primaryThumbprint = thumbprint("primaryThumbprint", primaryThumbprint);
        secondaryThumbprint =
            secondaryThumbprint == null
                ? null
                : thumbprint("secondaryThumbprint", secondaryThumbprint);
      }
      default ->
          throw HubException.badRequest(
              "authentication type '"
                  + authType.wireName()
                  + "' is not supported; use 'sas' or 'selfSigned'");
    }
  }

  /** A device with symmetric keys (or {@code none}), without thumbprints. */
  public DeviceSpec(
      String deviceId,
      DeviceStatus status,
      String statusReason,
      AuthType authType,
      String primaryKey,
      String secondaryKey) {
    this(deviceId, status, statusReason, authType, primaryKey, secondaryKey, null, null);
  }

  private static void requireNone(String member, String first, String second) {
    if (first != null || second != null) {
      throw HubException.badRequest(
          member + " is not used by this authentication type; leave it out");
    }
  }

  private static String thumbprint(String name, String value) {
    try {
      return Thumbprints.normalize(value);
    } catch (IllegalArgumentException e) {
      throw HubException.badRequest("authentication.x509Thumbprint." + name + " " + e.getMessage());
    }
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
        + ", keys=<redacted>, primaryThumbprint="
        + primaryThumbprint
        + ", secondaryThumbprint="
        + secondaryThumbprint
        + "]";
  }
}
