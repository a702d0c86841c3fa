package io.devstreams.hub.registry;

/** Whether a device has its control channel open, spelled as Azure IoT Hub spells it. */
public enum ConnectionState {
  /** The device's control channel is open. */
  CONNECTED("Connected"),
  /** The device has no control channel open. */
  DISCONNECTED("Disconnected");

  private final String wireName;

  ConnectionState(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the wire spelling, {@code Connected} or {@code Disconnected}. */
  public String wireName() {
    return wireName;
  }
}
