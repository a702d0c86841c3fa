package io.devstreams.protocol;

import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A parsed Azure-style shared access signature: {@code SharedAccessSignature
 * sr=RESOURCE&sig=SIGNATURE&se=EXPIRY[&skn=POLICY]}.
 *
 * <p>The signature is an HMAC-SHA256, keyed with the decoded shared access key, over the {@code sr}
 * value exactly as it appears in the token, a newline and the expiry in decimal epoch seconds.
 * Verifying over the raw value keeps clients working whether or not they percent-encode the
 * resource (the Azure C# SDK does, the Node service SDK sends {@code localhost:8443} as is); the
 * scope is then checked on the decoded resource. The signature never appears in {@link
 * #toString()}.
 *
 * @param rawResource the {@code sr} value exactly as in the token
 * @param resource the {@code sr} value percent-decoded
 * @param signature the decoded 32-byte HMAC; copied in and out
 * @param expiry the {@code se} value, in epoch seconds
 * @param keyName the decoded {@code skn} value, or null when the token has none (device tokens)
 */
public record SasToken(
    String rawResource, String resource, byte[] signature, long expiry, String keyName) {

  /** The longest {@code Authorization} value {@link #parse} reads, in characters. */
  public static final int MAX_LENGTH = 4096;

  /**
   * Checks that the parts are consistent.
   *
   * @throws InvalidTokenException if a part is empty, the resource is not the decoding of the raw
   *     resource, the signature is not 32 bytes or the expiry is negative
   */
  public SasToken {
    Objects.requireNonNull(rawResource, "rawResource");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(signature, "signature");
    if (rawResource.isEmpty()) {
      throw new InvalidTokenException("token has an empty 'sr'");
    }
    if (!resource.equals(PercentCodec.decodeOrNull(rawResource))) {
      throw new InvalidTokenException("token resource is not the percent-decoding of its 'sr'");
    }
    if (signature.length != HmacSha256.LENGTH) {
      throw new InvalidTokenException(
          "token signature is " + signature.length + " bytes, expected " + HmacSha256.LENGTH);
    }
    if (expiry < 0) {
      throw new InvalidTokenException("token expiry is negative");
    }
    if (keyName != null && keyName.isEmpty()) {
      throw new InvalidTokenException("token has an empty 'skn'");
    }
    signature = signature.clone();
  }

  /**
   * Creates the {@code Authorization} value for a resource, as the Azure C# SDK does: {@code
   * sr=URLENC(resource)}, signed over {@code URLENC(resource) + "\n" + expiry}.
   *
   * @param resource {@code HOST} for a policy, {@code HOST/devices/ID} for a device
   * @param key the decoded shared access key
   * @param expiryEpochSeconds when the token expires, in epoch seconds
   * @param keyName the policy name sent as {@code skn}, or null for none (device tokens)
   * @throws IllegalArgumentException if the resource, key or key name is empty, or the expiry is
   *     negative
   */
  public static String create(
      String resource, byte[] key, long expiryEpochSeconds, String keyName) {
    if (resource == null || resource.isEmpty()) {
      throw new IllegalArgumentException("token resource is empty");
    }
    if (expiryEpochSeconds < 0) {
      throw new IllegalArgumentException("token expiry is negative");
    }
    if (keyName != null && keyName.isEmpty()) {
      throw new IllegalArgumentException("token key name is empty");
    }
    String sr = PercentCodec.encode(resource);
    byte[] hmac = HmacSha256.sign(key, sr + "\n" + expiryEpochSeconds);
    String sig = Base64.getEncoder().encodeToString(hmac);
    String token =
        Headers.SAS_PREFIX
            + "sr="
            + sr
            + "&sig="
            + PercentCodec.encode(sig)
            + "&se="
            + expiryEpochSeconds;
    return keyName == null ? token : token + "&skn=" + PercentCodec.encode(keyName);
  }

  /**
   * Parses an {@code Authorization} value strictly: at most 4096 printable ASCII characters, the
   * prefix {@code "SharedAccessSignature "} with exactly one space, then {@code name=value}
   * parameters joined by {@code &} (split at the first {@code =}); only {@code sr}, {@code sig},
   * {@code se} and {@code skn}, each at most once, the first three required and non-empty; {@code
   * se} in canonical decimal (no sign, no leading zero) fitting a long; {@code sig}
   * percent-decoded, then standard base64, to exactly 32 bytes. Percent-decoding is RFC 3986's:
   * {@code +} stays {@code +}.
   *
   * @throws InvalidTokenException with a reason that is safe to log
   */
  public static SasToken parse(String authorizationHeaderValue) {
    return SasTokenParser.parse(authorizationHeaderValue);
  }

  /** Returns a copy of the decoded signature. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * Returns whether the signature is the HMAC of {@code rawResource + "\n" + expiry} under this
   * key, compared in constant time.
   *
   * @throws IllegalArgumentException if the key is null or empty
   */
  public boolean signatureMatches(byte[] key) {
    byte[] expected = HmacSha256.sign(key, rawResource + "\n" + expiry);
    return MessageDigest.isEqual(expected, signature);
  }

  /** Returns whether the token has expired at {@code now}, that is now is at or after expiry. */
  public boolean isExpired(Instant now) {
    return expiry <= now.getEpochSecond();
  }

  /**
   * Returns whether the token expires later than {@code maxLifetime} after {@code now}; hubs reject
   * such tokens so that a leaked token cannot be valid for years.
   *
   * @throws IllegalArgumentException if maxLifetime is negative
   */
  public boolean expiresTooFarAhead(Instant now, Duration maxLifetime) {
    if (maxLifetime.isNegative()) {
      throw new IllegalArgumentException("maximum token lifetime is negative");
    }
    long limit;
    try {
      limit = now.plus(maxLifetime).getEpochSecond();
    } catch (ArithmeticException | DateTimeException e) {
      limit = Long.MAX_VALUE;
    }
    return expiry > limit;
  }

  /**
   * Returns whether the decoded resource is exactly {@code expectedResource}, comparing the host
   * (before the first {@code /}) ignoring ASCII case and everything after it exactly; no prefix,
   * suffix, trailing slash or dot segment matches.
   */
  public boolean isForResource(String expectedResource) {
    Objects.requireNonNull(expectedResource, "expectedResource");
    int slash = resource.indexOf('/');
    int expectedSlash = expectedResource.indexOf('/');
    String host = slash < 0 ? resource : resource.substring(0, slash);
    String path = slash < 0 ? "" : resource.substring(slash);
    String expectedHost =
        expectedSlash < 0 ? expectedResource : expectedResource.substring(0, expectedSlash);
    String expectedPath = expectedSlash < 0 ? "" : expectedResource.substring(expectedSlash);
    return asciiEqualsIgnoreCase(host, expectedHost) && path.equals(expectedPath);
  }

  /** Compares all parts; the signatures in constant time. */
  @Override
  public boolean equals(Object other) {
    return other instanceof SasToken that
        && rawResource.equals(that.rawResource)
        && resource.equals(that.resource)
        && MessageDigest.isEqual(signature, that.signature)
        && expiry == that.expiry
        && Objects.equals(keyName, that.keyName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rawResource, resource, Arrays.hashCode(signature), expiry, keyName);
  }

  /** Describes the token with the signature redacted. */
  @Override
  public String toString() {
    return "SasToken[rawResource="
        + rawResource
        + ", resource="
        + resource
        + ", signature=<redacted>, expiry="
        + expiry
        + ", keyName="
        + keyName
        + "]";
  }

  /** Unlike String.equalsIgnoreCase, folds ASCII only (no Kelvin sign matching 'k'). */
  private static boolean asciiEqualsIgnoreCase(String a, String b) {
    if (a.length() != b.length()) {
      return false;
    }
    for (int i = 0; i < a.length(); i++) {
      if (asciiLower(a.charAt(i)) != asciiLower(b.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static char asciiLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
