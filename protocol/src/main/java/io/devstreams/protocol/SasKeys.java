package io.devstreams.protocol;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Generates and decodes the symmetric keys behind SAS tokens (base64 text, as Azure shows them).
 */
public final class SasKeys {

  /** Length of a generated key in bytes (256 bits, as Azure generates them). */
  public static final int KEY_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private SasKeys() {}

  /** Returns a new random 32-byte key in standard base64. */
  public static String generate() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * Decodes a key from standard base64.
   *
   * @throws IllegalArgumentException if the key is missing, not valid base64, or decodes to no
   *     bytes (the message never contains the key)
   */
  public static byte[] decode(String b64) {
    if (b64 == null || b64.isEmpty()) {
      throw new IllegalArgumentException("key is empty");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("key is not valid base64");
    }
    if (key.length == 0) {
      throw new IllegalArgumentException("key is empty");
    }
    return key;
  }
}
