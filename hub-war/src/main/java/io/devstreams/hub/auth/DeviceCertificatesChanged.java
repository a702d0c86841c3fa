package io.devstreams.hub.auth;

import java.util.List;

/**
 * A CDI event the registry fires when a device's certificates may have changed (created, updated,
 * deleted); observed after the transaction commits.
 *
 * @param deviceId the device
 * @param thumbprints its thumbprints now: empty when it was deleted or authenticates with keys
 */
public record DeviceCertificatesChanged(String deviceId, List<String> thumbprints) {
  /** Copies the list. */
  public DeviceCertificatesChanged {
    thumbprints = List.copyOf(thumbprints);
  }
}
