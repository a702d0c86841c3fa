package io.devstreams.hub.auth;

import java.util.Optional;

/** Port through which authentication finds a device's keys; the registry implements it. */
public interface DeviceKeyLookup {

  /** Returns the credentials of the device with this exact id, or empty. */
  Optional<DeviceCredentials> findDeviceCredentials(String deviceId);
}
