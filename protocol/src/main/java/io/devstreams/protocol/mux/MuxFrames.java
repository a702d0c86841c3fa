package io.devstreams.protocol.mux;

import java.nio.charset.StandardCharsets;

/**
 * The layout of a v2 frame: a 5-byte header (type, stream id) and the payload, one frame per binary
 * WebSocket message; and the fixed-form payloads ({@code WINDOW}, {@code CLOSE}).
 */
public final class MuxFrames {

  /** Bytes before the payload: the type and the stream id. */
  public static final int HEADER_LENGTH = 5;

  /** The most payload a frame carries. */
  public static final int MAX_PAYLOAD = 64 * 1024;

  /** The longest WebSocket message of v2: a header and the largest payload. */
  public static final int MAX_MESSAGE = HEADER_LENGTH + MAX_PAYLOAD;

  /** The largest window (and window increment) a side may grant: 2^31 - 1. */
  public static final long MAX_WINDOW = Integer.MAX_VALUE;

  /** The longest close reason, in UTF-8 bytes, as for a WebSocket close frame. */
  public static final int MAX_REASON_BYTES = 123;

  /** Path of a device's v2 connection, followed by its URL-encoded id. */
  public static final String DEVICE_PATH_PREFIX = "/v2/devices/";

  /** Path of a service process's v2 connection. */
  public static final String SERVICE_PATH = "/v2/service";

  private MuxFrames() {}

  /** Writes a header at {@code at} and returns the index just after it. */
  public static int writeHeader(byte[] dst, int at, int type, int streamId) {
    dst[at] = (byte) type;
    writeInt(dst, at + 1, streamId);
    return at + HEADER_LENGTH;
  }

  /** Returns a whole frame: the header and a copy of {@code payload}. */
  public static byte[] frame(int type, int streamId, byte[] payload) {
    byte[] frame = new byte[HEADER_LENGTH + payload.length];
    writeHeader(frame, 0, type, streamId);
    System.arraycopy(payload, 0, frame, HEADER_LENGTH, payload.length);
    return frame;
  }

  /** Returns the type in the header at {@code at}. */
  public static int type(byte[] src, int at) {
    return src[at] & 0xFF;
  }

  /** Returns the stream id in the header at {@code at}, as an unsigned value. */
  public static long streamId(byte[] src, int at) {
    return readInt(src, at + 1) & 0xFFFF_FFFFL;
  }

  /** Returns the payload of a {@code WINDOW} frame granting {@code increment} bytes. */
  public static byte[] window(long increment) {
    if (increment < 1 || increment > MAX_WINDOW) {
      throw new IllegalArgumentException("window increment out of range: " + increment);
    }
    byte[] payload = new byte[4];
    writeInt(payload, 0, (int) increment);
    return payload;
  }

  /**
   * Reads the increment of a {@code WINDOW} payload.
   *
   * @throws IllegalArgumentException if the payload is not 4 bytes or the increment is 0 or over
   *     2^31 - 1
   */
  public static long readWindow(byte[] src, int at, int length) {
    if (length != 4) {
      throw new IllegalArgumentException("WINDOW payload of " + length + " bytes; 4 expected");
    }
    long increment = readInt(src, at) & 0xFFFF_FFFFL;
    if (increment == 0 || increment > MAX_WINDOW) {
      throw new IllegalArgumentException(
          "WINDOW increment " + increment + " out of range (1 to " + MAX_WINDOW + ")");
    }
    return increment;
  }

  /** Returns the payload of a {@code CLOSE} frame; the reason is cut to 123 UTF-8 bytes. */
  public static byte[] close(int code, String reason) {
    if (code < 1000 || code > 4999) {
      throw new IllegalArgumentException("close code out of range: " + code);
    }
    byte[] text = fit(reason == null ? "" : reason);
    byte[] payload = new byte[2 + text.length];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, text.length);
    return payload;
  }

  /**
   * Reads a {@code CLOSE} payload.
   *
   * @throws IllegalArgumentException if it is shorter than 2 bytes, longer than 125, or its code is
   *     outside 1000 to 4999
   */
  public static StreamClose readClose(byte[] src, int at, int length) {
    if (length < 2 || length > 2 + MAX_REASON_BYTES) {
      throw new IllegalArgumentException(
          "CLOSE payload of " + length + " bytes; 2 to 125 expected");
    }
    int code = ((src[at] & 0xFF) << 8) | (src[at + 1] & 0xFF);
    if (code < 1000 || code > 4999) {
      throw new IllegalArgumentException("CLOSE code " + code + " out of range (1000 to 4999)");
    }
    return new StreamClose(code, new String(src, at + 2, length - 2, StandardCharsets.UTF_8));
  }

  /** Cuts {@code reason} to at most 123 UTF-8 bytes, never inside a character. */
  static byte[] fit(String reason) {
    byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_REASON_BYTES) {
      return bytes;
    }
    int end = MAX_REASON_BYTES;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    byte[] cut = new byte[end];
    System.arraycopy(bytes, 0, cut, 0, end);
    return cut;
  }

  private static void writeInt(byte[] dst, int at, int value) {
    dst[at] = (byte) (value >>> 24);
    dst[at + 1] = (byte) (value >>> 16);
    dst[at + 2] = (byte) (value >>> 8);
    dst[at + 3] = (byte) value;
  }

  private static int readInt(byte[] src, int at) {
    return ((src[at] & 0xFF) << 24)
        | ((src[at + 1] & 0xFF) << 16)
        | ((src[at + 2] & 0xFF) << 8)
        | (src[at + 3] & 0xFF);
  }
}
