package io.devstreams.tls;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a client certificate that is within its validity period and that the hub's registry
 * accepts (a device's registered SHA-256 thumbprint). Issuers do not matter: a device's certificate
 * is usually self-signed, and the TLS handshake itself proves the client holds its private key. A
 * refusal fails the handshake, so no HTTP request is ever read from such a client; it is logged
 * with the client's address and the reason.
 */
public final class DeviceTrustManager extends X509ExtendedTrustManager {
  private static final Logger LOG = System.getLogger(DeviceTrustManager.class.getName());
  private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

  private final Clock clock;

  DeviceTrustManager(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain, engine == null ? null : engine.getPeerHost());
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain, socket == null ? null : String.valueOf(socket.getInetAddress()));
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain, null);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw serverCheck();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw serverCheck();
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw serverCheck();
  }

  /** None: a device's certificate may come from any issuer, or none. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return NO_ISSUERS;
  }

  private void check(X509Certificate[] chain, String peer) throws CertificateException {
    try {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("no client certificate");
      }
      X509Certificate certificate = chain[0];
      Date now = Date.from(clock.instant());
      try {
        certificate.checkValidity(now);
      } catch (CertificateExpiredException e) {
        throw new CertificateExpiredException(
            "certificate expired on " + certificate.getNotAfter().toInstant());
      } catch (CertificateNotYetValidException e) {
        throw new CertificateNotYetValidException(
            "certificate not valid before " + certificate.getNotBefore().toInstant());
      }
      DeviceCertificates.current().check(certificate);
    } catch (CertificateException e) {
      LOG.log(
          Level.WARNING,
          "device certificate refused from {0}: {1}",
          peer == null ? "an unknown address" : peer,
          e.getMessage());
      throw e;
    }
  }

  private static CertificateException serverCheck() {
    return new CertificateException("this trust manager checks device (client) certificates only");
  }
}
