package io.devstreams.service;

import io.devstreams.protocol.ConnectionString;
import java.util.Objects;

/**
 * A device that authenticates with its X.509 certificate, as the hub registered it.
 *
 * @param device the device as the hub returned it
 * @param certificateHostName the {@code host:port} of the hub's device-certificate listener, or
 *     null when the hub runs without one (then the device cannot connect)
 */
public record X509Device(Device device, String certificateHostName) {
  /** Checks the device. */
  public X509Device {
    Objects.requireNonNull(device, "device");
  }

  /**
   * Returns the device's connection string, {@code HostName=CERT-HOST;DeviceId=ID;x509=true}.
   *
   * @throws IllegalStateException when the hub has no device-certificate listener
   */
  public ConnectionString connectionString() {
    if (certificateHostName == null) {
      throw new IllegalStateException(
          "the hub runs without a device-certificate listener (bin/devstreams-hub"
              + " --device-cert-port 0), so device '"
              + device.deviceId()
              + "' cannot connect yet");
    }
    return ConnectionString.forX509Device(certificateHostName, device.deviceId());
  }
}
