package io.devstreams.hub.auth;

import io.devstreams.protocol.Thumbprints;
import io.devstreams.tls.DeviceCertificateCheck;
import io.devstreams.tls.DeviceCertificates;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every registered device-certificate thumbprint, in memory, for the TLS handshake of the
 * device-certificate listener: a certificate no device is registered with fails the handshake, so
 * such a client never gets to send an HTTP request. Which device a certificate belongs to is
 * checked later, before the upgrade, by {@link CertificateAuthenticator} against the database.
 *
 * <p>Loaded from the registry at start and kept current by {@link DeviceCertificatesChanged} events
 * after each commit. Installed into {@link DeviceCertificates} (the trust manager's hook, loaded
 * from the system class path) at start and removed at shutdown.
 */
@ApplicationScoped
public class DeviceCertificateIndex implements DeviceCertificateCheck {

  private final Map<String, List<String>> byDevice = new HashMap<>(); // guarded by this
  private final Map<String, Integer> devicesPerThumbprint = new HashMap<>(); // guarded by this

  @Inject CertificateDeviceLookup devices;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    for (DeviceCredentials device : devices.findCertificateDevices()) {
      put(device.deviceId(), device.thumbprints());
    }
    DeviceCertificates.install(this);
  }

  @PreDestroy
  void stop() {
    DeviceCertificates.uninstall();
  }

  void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeviceCertificatesChanged event) {
    put(event.deviceId(), event.thumbprints());
  }

  /** Refuses a certificate whose thumbprint no device is registered with. */
  @Override
  public void check(X509Certificate certificate) throws CertificateException {
    String thumbprint = Thumbprints.sha256(certificate);
    if (!isRegistered(thumbprint)) {
      throw new CertificateException(
          "no device is registered with certificate thumbprint " + thumbprint);
    }
  }

  /** Returns whether some device is registered with this (canonical) thumbprint. */
  public synchronized boolean isRegistered(String thumbprint) {
    return devicesPerThumbprint.containsKey(thumbprint);
  }

  /** Replaces a device's thumbprints; an empty list removes the device. */
  synchronized void put(String deviceId, List<String> thumbprints) {
    List<String> old =
        thumbprints.isEmpty() ? byDevice.remove(deviceId) : byDevice.put(deviceId, thumbprints);
    if (old != null) {
      old.forEach(t -> devicesPerThumbprint.computeIfPresent(t, (k, n) -> n == 1 ? null : n - 1));
    }
    thumbprints.forEach(t -> devicesPerThumbprint.merge(t, 1, Integer::sum));
  }
}
