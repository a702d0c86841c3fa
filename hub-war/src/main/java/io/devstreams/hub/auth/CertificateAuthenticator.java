package io.devstreams.hub.auth;

import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.Thumbprints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.EnumSet;
import java.util.List;

/**
 * Authenticates a device by the certificate it presented in the TLS handshake of the
 * device-certificate listener (which already refused expired certificates and ones no device is
 * registered with): the device named in the path exists, is enabled, authenticates with
 * certificates, and the certificate's SHA-256 thumbprint is its primary or secondary one.
 *
 * <p>Every failure is the same {@link HubException#unauthorized()}; the reason goes to the log with
 * the address.
 */
@ApplicationScoped
public class CertificateAuthenticator {
  private static final System.Logger LOG =
      System.getLogger(CertificateAuthenticator.class.getName());

  private final DeviceKeyLookup devices;

  /** Creates the authenticator over the registry; the hub's CDI container calls this. */
  @Inject
  public CertificateAuthenticator(DeviceKeyLookup devices) {
    this.devices = devices;
  }

  /** For the CDI client proxy only. */
  protected CertificateAuthenticator() {
    this(null);
  }

  /**
   * Authenticates a control-channel upgrade on the device-certificate listener.
   *
   * @param chain the client's certificates from the TLS session, or null
   * @param authorizationHeaders the request's {@code Authorization} values: there must be none, so
   *     that no request carries two credentials that different checks could disagree on
   * @param deviceId the device the connection claims to be
   * @param remote the caller's address, for the log only
   * @throws HubException UNAUTHORIZED with one uniform message
   */
  public Principal authenticateDevice(
      X509Certificate[] chain, List<String> authorizationHeaders, String deviceId, String remote) {
    if (authorizationHeaders != null && !authorizationHeaders.isEmpty()) {
      throw refuse(remote, "an Authorization header on the device-certificate listener");
    }
    if (chain == null || chain.length == 0) {
      throw refuse(remote, "no client certificate");
    }
    String thumbprint = Thumbprints.sha256(chain[0]);
    DeviceCredentials device =
        devices
            .findDeviceCredentials(deviceId)
            .orElseThrow(
                () -> refuse(remote, "no device '" + AuthRefusal.printable(deviceId) + "'"));
    if (!device.enabled()) {
      throw refuse(remote, "device '" + device.deviceId() + "' is disabled");
    }
    if (!device.thumbprints().contains(thumbprint)) {
      throw refuse(
          remote,
          "certificate "
              + thumbprint
              + " is not one of device '"
              + device.deviceId()
              + "'"
              + (device.thumbprints().isEmpty() ? " (it authenticates with keys)" : ""));
    }
    return new Principal(
        device.deviceId(), Principal.Kind.DEVICE, EnumSet.of(Right.DEVICE_CONNECT));
  }

  private static HubException refuse(String remote, String reason) {
    return AuthRefusal.refuse(LOG, remote, reason);
  }
}
