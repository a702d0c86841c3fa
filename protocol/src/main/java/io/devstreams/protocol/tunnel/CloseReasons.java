package io.devstreams.protocol.tunnel;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Fits a close reason into the 123 bytes of UTF-8 that RFC 6455 allows in a close frame, because
 * the JDK rejects a longer reason instead of shortening it.
 */
public final class CloseReasons {

  /** The longest close reason RFC 6455 allows, in bytes of UTF-8. */
  public static final int MAX_BYTES = 123;

  private CloseReasons() {}

  /**
   * Returns {@code reason} cut to at most 123 bytes of UTF-8 on a character boundary (null: "").
   */
  public static String fit(String reason) {
    if (reason == null) {
      return "";
    }
    if (reason.length() * 3 <= MAX_BYTES) {
      return reason;
    }
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    CharBuffer in = CharBuffer.wrap(reason);
    encoder.encode(in, ByteBuffer.allocate(MAX_BYTES), true);
    return reason.substring(0, in.position());
  }
}
