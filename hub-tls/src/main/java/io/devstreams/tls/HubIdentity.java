package io.devstreams.tls;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The hub's PEM identity, when {@code bin/devstreams-hub --tls-cert FILE --tls-key FILE} gives one:
 * one {@link ReloadingKeyManager} for the JVM, shared by both listeners, created when the agent
 * starts so that bad files stop the hub before Payara boots.
 */
public final class HubIdentity {

  /** System property: the PEM certificate chain. */
  public static final String CERT_FILE = "devstreams.tls.cert-file";

  /** System property: the PEM (PKCS#8) private key. */
  public static final String KEY_FILE = "devstreams.tls.key-file";

  private static ReloadingKeyManager keyManager;

  private HubIdentity() {}

  /**
   * Reads the files the system properties name, if they name any.
   *
   * @return whether the hub serves a PEM identity
   * @throws IllegalArgumentException one line naming the file and the problem
   */
  static synchronized boolean load() {
    String cert = System.getProperty(CERT_FILE);
    String key = System.getProperty(KEY_FILE);
    if (cert == null && key == null) {
      return false;
    }
    if (cert == null || key == null) {
      throw new IllegalArgumentException(
          "a TLS certificate needs its key and a key its certificate: give both files");
    }
    keyManager = new ReloadingKeyManager(Path.of(cert), Path.of(key), Clock.systemUTC());
    return true;
  }

  /** The key manager; fails if no PEM identity was loaded. */
  static synchronized ReloadingKeyManager keyManager() {
    if (keyManager == null) {
      throw new IllegalStateException(
          HubKeyProvider.ALGORITHM + " needs -D" + CERT_FILE + " and -D" + KEY_FILE);
    }
    return keyManager;
  }
}
