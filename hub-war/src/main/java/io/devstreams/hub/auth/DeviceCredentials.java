package io.devstreams.hub.auth;

import java.util.List;
import java.util.Objects;

/**
 * A device as authentication sees it: whether it may connect and its two symmetric keys.
 *
 * @param deviceId the device id
 * @param enabled false when the device is disabled (its tokens are refused)
 * @param primaryKey the primary key in base64, or null when the device has none
 * @param secondaryKey the secondary key in base64, or null when the device has none
 * @param thumbprints the SHA-256 thumbprints of the certificates the device may connect with (empty
 *     for a device with keys)
 */
public record DeviceCredentials(
    String deviceId,
    boolean enabled,
    String primaryKey,
    String secondaryKey,
    List<String> thumbprints) {

  /** Checks the id. */
  public DeviceCredentials {
    Objects.requireNonNull(deviceId, "deviceId");
    thumbprints = List.copyOf(thumbprints);
  }

  /** A device with keys and no certificate. */
  public DeviceCredentials(
      String deviceId, boolean enabled, String primaryKey, String secondaryKey) {
    this(deviceId, enabled, primaryKey, secondaryKey, List.of());
  }

  /** Describes the device with its keys redacted. */
  @Override
  public String toString() {
    return "DeviceCredentials[deviceId="
        + deviceId
        + ", enabled="
        + enabled
        + ", keys=<redacted>, thumbprints="
        + thumbprints
        + "]";
  }
}
