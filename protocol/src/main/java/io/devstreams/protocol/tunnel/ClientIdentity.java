package io.devstreams.protocol.tunnel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * A device's X.509 certificate and its private key, read from PEM files, as the key managers a TLS
 * client presents them with.
 *
 * <p>The key must be an unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}, what {@code
 * openssl req -newkey ... -nodes} and {@code openssl genpkey} write) holding an EC, RSA or Ed25519
 * key; other forms are refused with the {@code openssl} command that converts them.
 *
 * @param certificates the certificate chain, the device's own first
 * @param key its private key
 */
public record ClientIdentity(List<X509Certificate> certificates, PrivateKey key) {
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final Pattern OTHER_PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
  private static final char[] NO_PASSWORD = new char[0];

  /** Checks that there is a certificate and a key. */
  public ClientIdentity {
    certificates = List.copyOf(certificates);
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("no certificate");
    }
    java.util.Objects.requireNonNull(key, "key");
  }

  /**
   * Reads a certificate file and its key file.
   *
   * @throws IllegalArgumentException with one line naming the file and what is wrong: missing,
   *     unreadable, no certificate, a key in another form, or a key that does not belong to the
   *     certificate
   */
  public static ClientIdentity load(Path certificateFile, Path keyFile) {
    List<X509Certificate> chain =
        HubTls.certificates(certificateFile, "certificate file").stream()
            .map(X509Certificate.class::cast)
            .toList();
    PrivateKey key = readKey(keyFile);
    if (!matches(key, chain.get(0).getPublicKey())) {
      throw new IllegalArgumentException(
          "key file '" + keyFile + "' does not hold the private key of '" + certificateFile + "'");
    }
    return new ClientIdentity(chain, key);
  }

  /** Returns key managers that present this identity. */
  public KeyManager[] keyManagers() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("device", key, NO_PASSWORD, certificates.toArray(new Certificate[0]));
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, NO_PASSWORD);
      return factory.getKeyManagers();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot use the device certificate: " + e.getMessage(), e);
    }
  }

  private static PrivateKey readKey(Path keyFile) {
    String name = "key file '" + keyFile + "'";
    String text = new String(HubTls.read(keyFile, name), StandardCharsets.US_ASCII);
    Matcher pkcs8 = PKCS8.matcher(text);
    if (!pkcs8.find()) {
      Matcher other = OTHER_PEM.matcher(text);
      if (other.find()) {
        throw new IllegalArgumentException(
            name
                + " holds a '"
                + other.group(1)
                + "', not an unencrypted PKCS#8 'PRIVATE KEY'; convert it with: openssl pkcs8"
                + " -topk8 -nocrypt -in "
                + keyFile
                + " -out key-pkcs8.pem");
      }
      throw new IllegalArgumentException(name + " holds no PEM private key");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pkcs8.group(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " holds a damaged PEM private key", e);
    }
    for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(
        name + " holds a private key that is not EC, RSA or Ed25519");
  }

  /** Whether the key signs what the public key verifies (the pair belongs together). */
  private static boolean matches(PrivateKey key, PublicKey publicKey) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> key.getAlgorithm();
        };
    try {
      byte[] probe = "devstreams key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Describes the identity without its key. */
  @Override
  public String toString() {
    return "ClientIdentity[" + certificates.get(0).getSubjectX500Principal() + ", key=<redacted>]";
  }
}
