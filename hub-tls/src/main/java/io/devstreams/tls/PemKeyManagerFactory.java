package io.devstreams.tls;

import java.security.KeyStore;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;

/**
 * Hands out the one {@link ReloadingKeyManager} of the JVM, reading the files named by the system
 * properties {@value HubIdentity#CERT_FILE} and {@value HubIdentity#KEY_FILE}. The key store a
 * listener passes is ignored: the identity is the operator's PEM files.
 */
public final class PemKeyManagerFactory extends KeyManagerFactorySpi {

  /** Created by the JCA through {@link HubKeyProvider}. */
  public PemKeyManagerFactory() {}

  @Override
  protected void engineInit(KeyStore ignored, char[] password) {}

  @Override
  protected void engineInit(ManagerFactoryParameters ignored) {}

  @Override
  protected KeyManager[] engineGetKeyManagers() {
    return new KeyManager[] {HubIdentity.keyManager()};
  }
}
