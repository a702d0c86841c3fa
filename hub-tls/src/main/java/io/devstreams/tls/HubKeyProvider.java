package io.devstreams.tls;

import java.security.Provider;
import java.security.Security;

/**
 * A JCA provider with one service: the key manager factory named {@value #ALGORITHM}, which a
 * Payara listener selects with its {@code ssl.key-algorithm} attribute to serve the PEM certificate
 * and key the operator brings ({@link ReloadingKeyManager}).
 */
public final class HubKeyProvider extends Provider {
  private static final long serialVersionUID = 1L;

  /** The provider's name. */
  public static final String NAME = "DevstreamsHubKeys";

  /** The key manager factory algorithm a listener names to serve the operator's PEM files. */
  public static final String ALGORITHM = "DevstreamsPemKeys";

  /** Creates the provider. */
  public HubKeyProvider() {
    super(NAME, "1", "devstreams hub identity from PEM files, reloaded when they change");
    putService(
        new Service(
            this,
            "KeyManagerFactory",
            ALGORITHM,
            PemKeyManagerFactory.class.getName(),
            null,
            null));
    putService(
        new Service(this, "SSLContext", "TLS", ServerOrderSslContext.class.getName(), null, null));
  }

  /**
   * Registers the provider with the JVM, once, first: its {@code TLS} context is the one the
   * listeners get for {@code SSLContext.getInstance("TLS")}.
   */
  static synchronized void register() {
    if (Security.getProvider(NAME) == null) {
      Security.insertProviderAt(new HubKeyProvider(), 1);
    }
  }
}
