package io.devstreams.hub.streams;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random stream ids and bearer tokens, and the hashing that lets the broker keep no token itself.
 *
 * <p>Ids carry 160 random bits and tokens 256, both base64url without padding. The broker stores
 * only the SHA-256 of a token and compares digests in constant time, so neither a heap dump nor
 * timing gives a token away.
 */
final class Secrets {

  private static final int ID_BYTES = 20;
  private static final int TOKEN_BYTES = 32;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final SecureRandom random;

  Secrets(SecureRandom random) {
    this.random = random;
  }

  /** Returns a new stream id. */
  String newId() {
    return randomText(ID_BYTES);
  }

  /** Returns a new bearer token. */
  String newToken() {
    return randomText(TOKEN_BYTES);
  }

  /** Returns the SHA-256 digest of a token as presented. */
  static byte[] digest(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Compares two digests in time independent of where they differ. */
  static boolean matches(byte[] expectedDigest, byte[] presentedDigest) {
    return MessageDigest.isEqual(expectedDigest, presentedDigest);
  }

  private String randomText(int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    return ENCODER.encodeToString(raw);
  }
}
