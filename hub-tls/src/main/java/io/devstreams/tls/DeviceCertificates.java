package io.devstreams.tls;

import java.security.cert.CertificateException;

/**
 * Where the hub WAR installs its {@link DeviceCertificateCheck}. Before it does (while Payara
 * boots) and after it uninstalls it (undeployment), every certificate is refused: fail closed.
 */
public final class DeviceCertificates {
  private static final DeviceCertificateCheck NOT_READY =
      certificate -> {
        throw new CertificateException("the hub is not ready for device certificates yet");
      };

  private static volatile DeviceCertificateCheck check = NOT_READY;

  private DeviceCertificates() {}

  /**
   * Makes {@code registryCheck} decide every later handshake.
   *
   * @param registryCheck the hub's check
   */
  public static void install(DeviceCertificateCheck registryCheck) {
    check = registryCheck;
  }

  /** Refuses every certificate again, as before {@link #install}. */
  public static void uninstall() {
    check = NOT_READY;
  }

  static DeviceCertificateCheck current() {
    return check;
  }
}
