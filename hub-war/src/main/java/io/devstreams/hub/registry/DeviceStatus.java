package io.devstreams.hub.registry;

import io.devstreams.hub.errors.HubException;

/** Whether a device may connect, spelled on the wire as Azure IoT Hub spells it. */
public enum DeviceStatus {
  /** The device may connect. */
  ENABLED("enabled"),
  /** The device's tokens are refused. */
  DISABLED("disabled");

  private final String wireName;

  DeviceStatus(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the wire spelling, {@code enabled} or {@code disabled}. */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the status with this wire spelling in any case, as Azure reads it: its Java SDK sends
   * {@code Enabled}.
   *
   * @throws HubException BAD_REQUEST naming the allowed values
   */
  public static DeviceStatus fromWireName(String name) {
    for (DeviceStatus status : values()) {
      if (status.wireName.equalsIgnoreCase(name)) {
        return status;
      }
    }
    throw HubException.badRequest("status must be 'enabled' or 'disabled' (got '" + name + "')");
  }
}
