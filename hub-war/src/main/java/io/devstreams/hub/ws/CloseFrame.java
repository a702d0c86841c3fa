package io.devstreams.hub.ws;

import io.devstreams.protocol.CloseCodes;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A close frame's payload (RFC 6455, section 5.5.1): a status code and a UTF-8 reason of at most
 * 123 bytes, or nothing at all ({@link #NO_STATUS}).
 *
 * @param code the status code, or {@link #NO_STATUS} for an empty payload
 * @param reason the reason, empty if none
 */
public record CloseFrame(int code, String reason) {

  /** Stands for a close frame without a payload; never sent as a code (RFC 6455, 7.4.1). */
  public static final int NO_STATUS = 1005;

  /** The close code for a text payload that is not UTF-8 (RFC 6455, 7.4.1). */
  public static final int INVALID_PAYLOAD = 1007;

  private static final int MAX_REASON_BYTES = 123;

  /** Checks that the code may travel in a close frame; shortens the reason to fit 123 bytes. */
  public CloseFrame {
    if (code != NO_STATUS && !isValidCode(code)) {
      throw new IllegalArgumentException("close code " + code + " may not be sent");
    }
    reason = code == NO_STATUS || reason == null ? "" : truncate(reason);
  }

  /**
   * Parses a received close payload.
   *
   * @throws FrameException 1002 for a one-byte payload or a code that may not be sent, 1007 for a
   *     reason that is not UTF-8
   */
  public static CloseFrame parse(byte[] payload, int length) throws FrameException {
    if (length == 0) {
      return new CloseFrame(NO_STATUS, "");
    }
    if (length == 1) {
      throw new FrameException(CloseCodes.PROTOCOL_ERROR, "close frame with a one-byte payload");
    }
    int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    if (!isValidCode(code)) {
      throw new FrameException(CloseCodes.PROTOCOL_ERROR, "invalid close code " + code);
    }
    try {
      String reason =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(payload, 2, length - 2))
              .toString();
      return new CloseFrame(code, reason);
    } catch (CharacterCodingException e) {
      throw new FrameException(INVALID_PAYLOAD, "close reason is not UTF-8");
    }
  }

  /**
   * Returns whether a code may appear in a close frame: 1000-1003, 1007-1014 and 3000-4999; 1004,
   * 1005, 1006 and 1015 are reserved and the rest are unassigned.
   */
  public static boolean isValidCode(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  /** Returns the whole frame the hub sends: an unmasked header, the code and the reason. */
  public byte[] toFrame() {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    int payload = code == NO_STATUS ? 0 : 2 + text.length;
    byte[] frame = new byte[2 + payload];
    FrameHeader.encode(frame, 0, true, Opcodes.CLOSE, payload);
    if (payload > 0) {
      frame[2] = (byte) (code >>> 8);
      frame[3] = (byte) code;
      System.arraycopy(text, 0, frame, 4, text.length);
    }
    return frame;
  }

  private static String truncate(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_REASON_BYTES) {
      return reason;
    }
    int end = MAX_REASON_BYTES;
    while ((bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }
}
