package io.devstreams.service;

/** Whether a device may connect: the registry's {@code status}. */
public enum DeviceStatus {
  /** The device may connect and accept streams. */
  ENABLED("enabled"),
  /** The device is refused until enabled again. */
  DISABLED("disabled");

  private final String wireName;

  DeviceStatus(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the status as the hub's JSON spells it. */
  public String wireName() {
    return wireName;
  }
}
