package io.devstreams.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SHA-256 thumbprints of X.509 certificates, as a device is registered with ({@code
 * authentication.x509Thumbprint}): 64 upper-case hex digits of the digest of the DER encoding, the
 * same as {@code openssl x509 -noout -fingerprint -sha256} prints without its colons.
 */
public final class Thumbprints {
  /** The length of a thumbprint in hex digits. */
  public static final int LENGTH = 64;

  private Thumbprints() {}

  /** Returns the certificate's SHA-256 thumbprint. */
  public static String sha256(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.of().withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
    }
  }

  /**
   * Returns a thumbprint in canonical form: upper case, without the colons openssl puts between
   * bytes, and without a leading {@code sha256 Fingerprint=} as openssl prints it.
   *
   * @throws IllegalArgumentException if it is not 64 hex digits after that (a SHA-1 thumbprint, 40
   *     digits, is refused with a hint to use SHA-256)
   */
  public static String normalize(String thumbprint) {
    String text = thumbprint.strip();
    int equals = text.indexOf('=');
    if (equals >= 0 && text.substring(0, equals).toLowerCase(Locale.ROOT).contains("fingerprint")) {
      text = text.substring(equals + 1);
    }
    String hex = text.replace(":", "").toUpperCase(Locale.ROOT);
    if (hex.length() == 40 && isHex(hex)) {
      throw new IllegalArgumentException(
          "is a SHA-1 thumbprint; devstreams takes SHA-256 (openssl x509 -noout -fingerprint"
              + " -sha256 -in CERT.pem)");
    }
    if (hex.length() != LENGTH || !isHex(hex)) {
      throw new IllegalArgumentException(
          "must be a SHA-256 thumbprint of 64 hex digits (openssl x509 -noout -fingerprint -sha256"
              + " -in CERT.pem)");
    }
    return hex;
  }

  private static boolean isHex(String text) {
    for (int i = 0; i < text.length(); i++) {
      if ("0123456789ABCDEF".indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
