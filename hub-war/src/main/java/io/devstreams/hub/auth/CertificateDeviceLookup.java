package io.devstreams.hub.auth;

import java.util.List;

/** Port through which the certificate index loads every certificate device; the registry does. */
public interface CertificateDeviceLookup {

  /** Returns the credentials of every device that authenticates with a certificate. */
  List<DeviceCredentials> findCertificateDevices();
}
