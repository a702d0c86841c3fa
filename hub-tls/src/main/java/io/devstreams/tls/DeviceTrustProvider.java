package io.devstreams.tls;

import java.security.Provider;
import java.security.Security;

/**
 * A JCA provider with one service: the trust manager factory named {@value #ALGORITHM}, which a
 * Payara listener selects with its {@code ssl.trust-algorithm} attribute.
 */
public final class DeviceTrustProvider extends Provider {
  private static final long serialVersionUID = 1L;

  /** The provider's name. */
  public static final String NAME = "DevstreamsDeviceTrust";

  /** The trust manager factory algorithm a listener names to use {@link DeviceTrustManager}. */
  public static final String ALGORITHM = "DevstreamsDeviceCertificate";

  /** Creates the provider. */
  public DeviceTrustProvider() {
    super(NAME, "1", "devstreams device-certificate trust (thumbprints registered in the hub)");
    putService(
        new Service(
            this,
            "TrustManagerFactory",
            ALGORITHM,
            DeviceTrustManagerFactory.class.getName(),
            null,
            null));
  }

  /** Registers the provider with the JVM, once (after the JDK's own providers). */
  static synchronized void register() {
    if (Security.getProvider(NAME) == null) {
      Security.addProvider(new DeviceTrustProvider());
    }
  }
}
