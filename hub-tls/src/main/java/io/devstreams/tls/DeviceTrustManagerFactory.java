package io.devstreams.tls;

import java.security.KeyStore;
import java.time.Clock;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactorySpi;

/**
 * Hands out {@link DeviceTrustManager}. The trust store a listener passes is ignored: device
 * certificates are trusted by their registered thumbprints, not by an issuer.
 */
public final class DeviceTrustManagerFactory extends TrustManagerFactorySpi {

  /** Created by the JCA through {@link DeviceTrustProvider}. */
  public DeviceTrustManagerFactory() {}

  @Override
  protected void engineInit(KeyStore ignored) {}

  @Override
  protected void engineInit(ManagerFactoryParameters ignored) {}

  @Override
  protected TrustManager[] engineGetTrustManagers() {
    return new TrustManager[] {new DeviceTrustManager(Clock.systemUTC())};
  }
}
