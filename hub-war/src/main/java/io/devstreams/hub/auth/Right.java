package io.devstreams.hub.auth;

import java.util.Optional;

/** A right a shared access policy grants, spelled on the wire as Azure IoT Hub spells it. */
public enum Right {
  /** Read the device registry. */
  REGISTRY_READ("RegistryRead"),
  /** Create, update and delete devices. */
  REGISTRY_WRITE("RegistryWrite"),
  /** Open streams to devices (the service side). */
  SERVICE_CONNECT("ServiceConnect"),
  /** Connect as a device (control channel, device side of a stream). */
  DEVICE_CONNECT("DeviceConnect"),
  /**
   * Read the hub's metrics ({@code /metrics}) and nothing else; a devstreams right, not Azure's.
   * Its policies' keys also serve as an HTTP Basic credential there, which a scraper can keep.
   */
  METRICS("Metrics");

  private final String wireName;

  Right(String wireName) {
    this.wireName = wireName;
  }

  /** Returns the Azure spelling, for example {@code RegistryRead}. */
  public String wireName() {
    return wireName;
  }

  /** Returns the right with this Azure spelling, or empty. */
  public static Optional<Right> fromWireName(String name) {
    for (Right right : values()) {
      if (right.wireName.equals(name)) {
        return Optional.of(right);
      }
    }
    return Optional.empty();
  }
}
