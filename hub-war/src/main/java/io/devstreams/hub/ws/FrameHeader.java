package io.devstreams.hub.ws;

import io.devstreams.protocol.CloseCodes;

/**
 * An RFC 6455 frame header (section 5.2): parsed from client bytes, or encoded for the frames the
 * hub sends, which are never masked.
 *
 * @param fin whether this is the last frame of a message
 * @param rsv the three reserved bits, as a number from 0 to 7
 * @param opcode the opcode, see {@link Opcodes}
 * @param masked whether a masking key follows the length
 * @param mask the masking key, big-endian (0 when not masked)
 * @param payloadLength the payload length
 * @param length the header's own length in bytes, from 2 to 14
 */
public record FrameHeader(
    boolean fin, int rsv, int opcode, boolean masked, int mask, long payloadLength, int length) {

  /** The longest header: 2 bytes, a 64-bit length and a masking key. */
  public static final int MAX_LENGTH = 14;

  /** The longest header the hub sends: no masking key. */
  public static final int MAX_SERVER_LENGTH = 10;

  /**
   * Returns the header's length once its first two bytes are known, from the length marker and the
   * mask bit.
   */
  public static int lengthOf(byte first, byte second) {
    int marker = second & 0x7F;
    int extended = marker == 126 ? 2 : marker == 127 ? 8 : 0;
    return 2 + extended + ((second & 0x80) != 0 ? 4 : 0);
  }

  /**
   * Parses a complete header (its length known from {@link #lengthOf}) at {@code pos}.
   *
   * @throws FrameException 1002 for a 64-bit length with the top bit set
   */
  public static FrameHeader parse(byte[] b, int pos) throws FrameException {
    int length = lengthOf(b[pos], b[pos + 1]);
    boolean masked = (b[pos + 1] & 0x80) != 0;
    int marker = b[pos + 1] & 0x7F;
    long payload = marker;
    int at = pos + 2;
    if (marker == 126) {
      payload = ((b[at] & 0xFFL) << 8) | (b[at + 1] & 0xFFL);
      at += 2;
    } else if (marker == 127) {
      payload = 0;
      for (int i = 0; i < 8; i++) {
        payload = (payload << 8) | (b[at + i] & 0xFFL);
      }
      at += 8;
      if (payload < 0) {
        throw new FrameException(
            CloseCodes.PROTOCOL_ERROR, "64-bit payload length with the most significant bit set");
      }
    }
    int mask = masked ? readInt(b, at) : 0;
    boolean fin = (b[pos] & 0x80) != 0;
    return new FrameHeader(fin, (b[pos] >> 4) & 0x7, b[pos] & 0x0F, masked, mask, payload, length);
  }

  /**
   * Writes an unmasked header with the shortest length encoding at {@code pos} and returns its
   * length (2, 4 or 10 bytes).
   */
  public static int encode(byte[] dst, int pos, boolean fin, int opcode, long payloadLength) {
    dst[pos] = (byte) ((fin ? 0x80 : 0) | opcode);
    if (payloadLength < 126) {
      dst[pos + 1] = (byte) payloadLength;
      return 2;
    }
    if (payloadLength <= 0xFFFF) {
      dst[pos + 1] = 126;
      dst[pos + 2] = (byte) (payloadLength >>> 8);
      dst[pos + 3] = (byte) payloadLength;
      return 4;
    }
    dst[pos + 1] = 127;
    for (int i = 0; i < 8; i++) {
      dst[pos + 2 + i] = (byte) (payloadLength >>> (56 - 8 * i));
    }
    return 10;
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }
}
