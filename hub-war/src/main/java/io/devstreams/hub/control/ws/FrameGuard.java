package io.devstreams.hub.control.ws;

import io.devstreams.protocol.CloseCodes;

/**
 * Follows a client's WebSocket frames byte by byte (RFC 6455, section 5.2) and finds the ones Tyrus
 * would accept but the hub must not: unmasked frames (section 5.1: the server must fail the
 * connection), 64-bit lengths with the top bit set, and frames longer than a control message can
 * ever be (Tyrus would buffer up to its incoming buffer, 4 MiB, before it refuses one). Everything
 * else in a frame (opcodes, reserved bits, close codes, UTF-8) is left to Tyrus, which checks it.
 * It also notes when the client's close frame has arrived whole, after which a well-behaved client
 * sends nothing more (section 5.5.1).
 */
final class FrameGuard {

  /**
   * Why the connection must fail.
   *
   * @param closeCode 1002 (protocol error) or 1009 (too big)
   * @param reason for the close frame and the log
   */
  record Violation(int closeCode, String reason) {}

  private final long maxPayload;
  private final byte[] header = new byte[14];
  private int headerFill;
  private int headerLength = 2;
  private long payloadLeft;
  private boolean inCloseFrame;
  private volatile boolean closeReceived;
  private Violation violation;

  /** A guard that allows frames of at most {@code maxPayload} bytes of payload. */
  FrameGuard(long maxPayload) {
    if (maxPayload < 125) {
      throw new IllegalArgumentException("control frames alone need 125 bytes");
    }
    this.maxPayload = maxPayload;
  }

  /**
   * Follows {@code n} more bytes read from the client; returns why the connection must fail, or
   * null. Once it has returned a violation it keeps returning it.
   */
  Violation check(byte[] bytes, int offset, int n) {
    int at = offset;
    int end = offset + n;
    while (violation == null && at < end) {
      if (payloadLeft > 0) {
        int skip = (int) Math.min(payloadLeft, end - at);
        payloadLeft -= skip;
        at += skip;
        closeReceived |= inCloseFrame && payloadLeft == 0;
        continue;
      }
      header[headerFill++] = bytes[at++];
      if (headerFill == 2) {
        headerLength = lengthOf(header[1]);
      }
      if (headerFill == headerLength) {
        violation = judge();
        headerFill = 0;
        headerLength = 2;
      }
    }
    return violation;
  }

  private Violation judge() {
    if ((header[1] & 0x80) == 0) {
      return new Violation(CloseCodes.PROTOCOL_ERROR, "unmasked client frame");
    }
    int marker = header[1] & 0x7F;
    long length = marker;
    if (marker == 126) {
      length = ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
    } else if (marker == 127) {
      length = 0;
      for (int i = 2; i < 10; i++) {
        length = (length << 8) | (header[i] & 0xFFL);
      }
      if (length < 0) {
        return new Violation(
            CloseCodes.PROTOCOL_ERROR, "64-bit payload length with the most significant bit set");
      }
    }
    if (length > maxPayload) {
      return new Violation(
          CloseCodes.TOO_BIG, "frame of " + length + " bytes; at most " + maxPayload + " allowed");
    }
    payloadLeft = length;
    inCloseFrame = (header[0] & 0x0F) == 0x8;
    closeReceived |= inCloseFrame && length == 0;
    return null;
  }

  /** Whether a whole close frame from the client has gone through the guard. */
  boolean closeReceived() {
    return closeReceived;
  }

  /** The header's length from its second byte: the length marker and the mask bit. */
  private static int lengthOf(byte second) {
    int marker = second & 0x7F;
    int extended = marker == 126 ? 2 : marker == 127 ? 8 : 0;
    return 2 + extended + ((second & 0x80) != 0 ? 4 : 0);
  }
}
