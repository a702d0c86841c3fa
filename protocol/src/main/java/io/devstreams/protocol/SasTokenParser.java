package io.devstreams.protocol;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Strict parser behind {@link SasToken#parse}; every reason it gives is safe to log. */
final class SasTokenParser {

  private static final Set<String> ALLOWED = Set.of("sr", "sig", "se", "skn");
  private static final int MAX_EXPIRY_DIGITS = 19;

  private SasTokenParser() {}

  static SasToken parse(String header) {
    Map<String, String> params = split(checkShape(header));
    String sr = required(params, "sr");
    String resource = PercentCodec.decodeOrNull(sr);
    if (resource == null) {
      throw new InvalidTokenException("token resource 'sr' is not valid percent-encoded UTF-8");
    }
    byte[] signature = signature(required(params, "sig"));
    long expiry = expiry(required(params, "se"));
    String keyName = null;
    if (params.containsKey("skn")) {
      keyName = PercentCodec.decodeOrNull(required(params, "skn"));
      if (keyName == null) {
        throw new InvalidTokenException("token key name 'skn' is not valid percent-encoded UTF-8");
      }
    }
    return new SasToken(sr, resource, signature, expiry, keyName);
  }

  /** Returns the parameter part after checking length, prefix and characters. */
  private static String checkShape(String header) {
    if (header == null || header.isEmpty()) {
      throw new InvalidTokenException("no token");
    }
    if (header.length() > SasToken.MAX_LENGTH) {
      throw new InvalidTokenException(
          "token is longer than "
              + SasToken.MAX_LENGTH
              + " characters (got "
              + header.length()
              + ")");
    }
    if (!header.startsWith(Headers.SAS_PREFIX)) {
      throw new InvalidTokenException("token does not start with 'SharedAccessSignature '");
    }
    String body = header.substring(Headers.SAS_PREFIX.length());
    if (body.startsWith(" ")) {
      throw new InvalidTokenException(
          "token has more than one space after 'SharedAccessSignature'");
    }
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new InvalidTokenException(
            "token contains "
                + Identifiers.describe(c)
                + " at position "
                + (i + Headers.SAS_PREFIX.length())
                + "; only printable ASCII without spaces is allowed");
      }
    }
    if (body.isEmpty()) {
      throw new InvalidTokenException("token has no parameters");
    }
    return body;
  }

  private static Map<String, String> split(String body) {
    Map<String, String> params = new HashMap<>();
    String[] pieces = body.split("&", -1);
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      if (piece.isEmpty()) {
        throw new InvalidTokenException("token parameter " + (i + 1) + " is empty");
      }
      int equals = piece.indexOf('=');
      if (equals < 0) {
        throw new InvalidTokenException("token parameter " + (i + 1) + " has no '='");
      }
      String name = piece.substring(0, equals);
      if (!ALLOWED.contains(name)) {
        throw new InvalidTokenException(
            name.matches("[A-Za-z]{1,16}")
                ? "token has unknown parameter '" + name + "'"
                : "token parameter " + (i + 1) + " has an unknown name");
      }
      if (params.put(name, piece.substring(equals + 1)) != null) {
        throw new InvalidTokenException("token has parameter '" + name + "' more than once");
      }
    }
    return params;
  }

  private static String required(Map<String, String> params, String name) {
    String value = params.get(name);
    if (value == null) {
      throw new InvalidTokenException("token has no '" + name + "'");
    }
    if (value.isEmpty()) {
      throw new InvalidTokenException("token has an empty '" + name + "'");
    }
    return value;
  }

  private static byte[] signature(String value) {
    String base64 = PercentCodec.decodeOrNull(value);
    if (base64 == null) {
      throw new InvalidTokenException("token signature 'sig' is not valid percent-encoding");
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("token signature 'sig' is not valid base64");
    }
    if (signature.length != HmacSha256.LENGTH) {
      throw new InvalidTokenException(
          "token signature is " + signature.length + " bytes, expected " + HmacSha256.LENGTH);
    }
    return signature;
  }

  /** Reads 'se' as canonical decimal digits: no sign, no leading zero, no overflow. */
  private static long expiry(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidTokenException("token expiry 'se' is not a decimal number of seconds");
      }
    }
    if (value.length() > 1 && value.charAt(0) == '0') {
      throw new InvalidTokenException("token expiry 'se' has a leading zero");
    }
    if (value.length() > MAX_EXPIRY_DIGITS) {
      throw new InvalidTokenException("token expiry 'se' is too large");
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new InvalidTokenException("token expiry 'se' is too large");
    }
  }
}
