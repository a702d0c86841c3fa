package io.devstreams.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hub's TLS identity read from the PEM files an operator brings: a certificate chain (the hub's
 * certificate first, then its intermediates, as Let's Encrypt's {@code fullchain.pem}) and its
 * unencrypted PKCS#8 private key ({@code privkey.pem}). Reading checks that the key is the
 * certificate's; every problem is one line naming the file.
 *
 * @param chain the certificate chain, the hub's own certificate first
 * @param key the private key of {@code chain[0]}
 */
public record PemIdentity(X509Certificate[] chain, PrivateKey key) {

  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  /** Checks the parts and copies the chain. */
  public PemIdentity {
    if (chain == null || chain.length == 0 || key == null) {
      throw new IllegalArgumentException("a TLS identity needs a certificate and its key");
    }
    chain = chain.clone();
  }

  /** Returns a copy of the chain. */
  @Override
  public X509Certificate[] chain() {
    return chain.clone();
  }

  /**
   * Reads and checks the identity.
   *
   * @throws IllegalArgumentException one line naming the file and the problem
   */
  public static PemIdentity read(Path certFile, Path keyFile) {
    X509Certificate[] chain = readChain(certFile);
    PrivateKey key = readKey(keyFile);
    if (!matches(chain[0], key)) {
      throw new IllegalArgumentException(
          "TLS key " + keyFile + " is not the key of the certificate in " + certFile);
    }
    return new PemIdentity(chain, key);
  }

  private static X509Certificate[] readChain(Path file) {
    String name = "TLS certificate " + file;
    try {
      List<X509Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes(file, name)))
              .stream()
              .map(X509Certificate.class::cast)
              .toList();
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(name + " holds no PEM certificate");
      }
      return certificates.toArray(X509Certificate[]::new);
    } catch (CertificateException e) {
      throw new IllegalArgumentException(name + " holds no PEM certificate", e);
    }
  }

  private static PrivateKey readKey(Path file) {
    String name = "TLS key " + file;
    String text = new String(bytes(file, name), StandardCharsets.US_ASCII);
    Matcher m = PKCS8.matcher(text);
    if (!m.find()) {
      String found =
          text.contains("ENCRYPTED PRIVATE KEY")
              ? "an encrypted key (the hub needs it unencrypted, readable only by its user)"
              : text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")
                  ? "a key in the older RSA/EC form; convert it with"
                      + " 'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'"
                  : "no PEM private key";
      throw new IllegalArgumentException(name + " holds " + found);
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(name + " holds a private key of no algorithm the JDK reads");
  }

  /** Whether {@code key} signs what {@code certificate}'s public key verifies. */
  private static boolean matches(X509Certificate certificate, PrivateKey key) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> key.getAlgorithm(); // EdDSA names no digest
        };
    try {
      byte[] probe = "devstreams".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static byte[] bytes(Path file, String name) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(name + " is a directory");
    }
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(name + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(name + " is not readable (permission denied)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(name + " cannot be read: " + e.getMessage(), e);
    }
  }
}
