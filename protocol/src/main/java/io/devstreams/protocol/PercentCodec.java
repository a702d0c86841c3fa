package io.devstreams.protocol;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding for SAS token values.
 *
 * <p>Encoding is {@link URLEncoder} with UTF-8, as the Azure C# SDK does. Decoding is strict RFC
 * 3986 percent-decoding: {@code %XX} becomes a byte, every other character stands for itself (so a
 * {@code +} stays a {@code +}, which keeps an unencoded base64 signature decodable), a stray or
 * truncated {@code %} is an error, and the bytes must be valid UTF-8.
 */
final class PercentCodec {

  private PercentCodec() {}

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Returns the decoded value, or null if it is not validly percent-encoded UTF-8. */
  static String decodeOrNull(String value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '%') {
        if (c > 0x7f) {
          return null;
        }
        bytes.write(c);
        continue;
      }
      if (i + 2 >= value.length()) {
        return null;
      }
      int high = hex(value.charAt(i + 1));
      int low = hex(value.charAt(i + 2));
      if (high < 0 || low < 0) {
        return null;
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
