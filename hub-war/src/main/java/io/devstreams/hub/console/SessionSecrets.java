package io.devstreams.hub.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The console's secrets: session cookies and CSRF tokens of 256 random bits (base64url), the
 * SHA-256 under which the hub keeps a cookie, and a comparison whose time does not depend on where
 * two tokens differ.
 */
final class SessionSecrets {

  private static final Base64.Encoder TEXT = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random = new SecureRandom();

  /** Returns a new secret: 32 random bytes as 43 characters of base64url. */
  String newSecret() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return TEXT.encodeToString(bytes);
  }

  /** Returns the SHA-256 of a secret, as text: the only form of a cookie the hub keeps. */
  static String digest(String secret) {
    try {
      return TEXT.encodeToString(
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Returns whether a presented token is the expected one, in time independent of the content. */
  static boolean same(String expected, String presented) {
    return presented != null
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }
}
