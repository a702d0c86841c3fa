package io.devstreams.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 of a UTF-8 string, the primitive behind SAS signatures. */
final class HmacSha256 {

  static final int LENGTH = 32;
  private static final String ALGORITHM = "HmacSHA256";

  private HmacSha256() {}

  static byte[] sign(byte[] key, String message) {
    if (key == null || key.length == 0) {
      throw new IllegalArgumentException("key is empty");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }
}
