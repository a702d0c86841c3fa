package io.devstreams.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/** The hub's answer to "is this a device's registered certificate?", asked during a handshake. */
@FunctionalInterface
public interface DeviceCertificateCheck {
  /**
   * Accepts a certificate within its validity period, or refuses it.
   *
   * @param certificate the client's end-entity certificate
   * @throws CertificateException with a one-line reason (no secret in it) when it is not one a
   *     device may connect with
   */
  void check(X509Certificate certificate) throws CertificateException;
}
