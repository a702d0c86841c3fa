package io.devstreams.hub.api.console;

import io.devstreams.hub.console.ConsoleDevices;

/**
 * A device just created or given new keys, with the connection string its agent needs (shown once).
 *
 * @param device the device
 * @param connectionString {@code HostName=...;DeviceId=...;SharedAccessKey=...}
 */
public record KeyedDeviceJson(ConsoleDeviceJson device, String connectionString) {

  static KeyedDeviceJson from(ConsoleDevices.KeyedDevice keyed) {
    return new KeyedDeviceJson(ConsoleDeviceJson.from(keyed.device()), keyed.connectionString());
  }

  /** Describes the device without its connection string. */
  @Override
  public String toString() {
    return "KeyedDeviceJson[" + device + ", connectionString=<redacted>]";
  }
}
