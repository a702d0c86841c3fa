package io.devstreams.device;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encodes a device id for a URL path segment: the characters RFC 3986 allows in a segment
 * stay as they are, anything else (a device id may contain {@code ?}) becomes {@code %XX}.
 */
final class PathSegment {

  private static final String ALLOWED = "-._~!$&'()*+,;=:@";

  private PathSegment() {}

  static String encode(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || ALLOWED.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(String.format("%02X", b & 0xFF));
      }
    }
    return out.toString();
  }
}
