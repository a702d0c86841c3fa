package io.devstreams.hub.auth;

import java.util.Objects;

/**
 * A device as authentication sees it: whether it may connect and its two symmetric keys.
 *
 * @param deviceId the device id
 * @param enabled false when the device is disabled (its tokens are refused)
 * @param primaryKey the primary key in base64, or null when the device has none
 * @param secondaryKey the secondary key in base64, or null when the device has none
 */
public record DeviceCredentials(
    String deviceId, boolean enabled, String primaryKey, String secondaryKey) {

  /** Checks the id. */
  public DeviceCredentials {
    Objects.requireNonNull(deviceId, "deviceId");
  }

  /** Describes the device with its keys redacted. */
  @Override
  public String toString() {
    return "DeviceCredentials[deviceId=" + deviceId + ", enabled=" + enabled + ", keys=<redacted>]";
  }
}
