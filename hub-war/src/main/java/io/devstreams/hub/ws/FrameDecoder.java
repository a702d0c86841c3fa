package io.devstreams.hub.ws;

import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.websocket.Masking;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads client frames as their bytes arrive, in pieces of any size, and unmasks the payload of data
 * frames into the caller's buffer without waiting for a whole frame: {@link Event#FRAME_START} says
 * what a frame is once its header is read, then each chunk of payload goes out as soon as it is
 * read.
 *
 * <p>Control frames are collected (they are at most 125 bytes) and handed to the caller as {@link
 * Event#CONTROL}. Every frame is checked: masked, no reserved bits or opcodes, control frames short
 * and unfragmented, fragments in order, and data messages within the limit, whether they come in
 * one frame or in many: a message that never ends (a million one-byte continuation frames) is
 * refused with 1009 as soon as its fragments add up to more than the limit, so that no receiver
 * that assembles messages is handed an endless one.
 */
public final class FrameDecoder {

  /** Why {@link #decode} returned. */
  public enum Event {
    /** All input was used; call again with more. */
    NEED_INPUT,
    /** The output is full; call again once it has been drained. */
    NEED_SPACE,
    /**
     * A data frame's header was read: see {@link #frameIsText()}, {@link #frameStartsMessage()} and
     * {@link #frameEndsMessage()}; its payload follows on the next calls.
     */
    FRAME_START,
    /** A control frame is complete: see {@link #controlOpcode()} and {@link #controlPayload()}. */
    CONTROL,
    /** A data frame was forwarded (or dropped) to its end; the output is between frames. */
    FRAME_END
  }

  private final int maxDataPayload;
  private final byte[] header = new byte[FrameHeader.MAX_LENGTH];
  private final byte[] control = new byte[125];
  private int headerFill;
  private FrameHeader frame;
  private boolean started;
  private long remaining;
  private int maskOffset;
  private int controlFill;
  private int controlOpcode;
  private boolean inMessage;
  private boolean discarding;
  private boolean textMessage;
  private long messageLength;
  private long payloadForwarded;

  public FrameDecoder(int maxDataPayload) {
    this.maxDataPayload = maxDataPayload;
  }

  /**
   * Consumes bytes from {@code src} and writes unmasked data payload into {@code dst} until the
   * input is used up, the output is full, a data frame starts or ends, or a control frame is
   * complete. {@code dst} may be null while data is discarded.
   *
   * @throws FrameException when the client breaks the protocol; the decoder is then unusable
   */
  public Event decode(ByteBuffer src, ByteBuffer dst) throws FrameException {
    while (true) {
      if (frame == null && !readHeader(src)) {
        return Event.NEED_INPUT;
      }
      if (Opcodes.isControl(frame.opcode())) {
        if (!readControl(src)) {
          return Event.NEED_INPUT;
        }
        controlOpcode = frame.opcode();
        frame = null;
        return Event.CONTROL;
      }
      return forwardData(src, dst);
    }
  }

  /** From now on, checks frames but drops data payloads instead of forwarding them. */
  public void discardData() {
    discarding = true;
  }

  /** Returns whether no data frame's payload is being read (between frames). */
  public boolean atBoundary() {
    return frame == null || Opcodes.isControl(frame.opcode()) || !started;
  }

  /** Returns whether the data frame in progress belongs to a text message. */
  public boolean frameIsText() {
    return textMessage;
  }

  /** Returns whether the data frame in progress is the first of its message. */
  public boolean frameStartsMessage() {
    return frame != null && frame.opcode() != Opcodes.CONTINUATION;
  }

  /**
   * Returns whether the data frame in progress (or, after {@link Event#FRAME_END}, the one just
   * read) is the last of its message.
   */
  public boolean frameEndsMessage() {
    return !inMessage;
  }

  /** Returns the payload bytes of the data frame in progress not yet written out. */
  public long frameRemaining() {
    return frame == null ? 0 : remaining;
  }

  /** Returns the opcode of the control frame just completed. */
  public int controlOpcode() {
    return controlOpcode;
  }

  /** Returns a copy of the unmasked payload of the control frame just completed. */
  public byte[] controlPayload() {
    return Arrays.copyOf(control, controlFill);
  }

  /**
   * Returns the binary payload bytes forwarded so far: the stream's data. Text messages (the
   * stream's own control JSON, such as {@code {"type":"fin"}}) are forwarded but not counted.
   */
  public long payloadForwarded() {
    return payloadForwarded;
  }

  private boolean readHeader(ByteBuffer src) throws FrameException {
    while (true) {
      int needed = headerFill < 2 ? 2 : FrameHeader.lengthOf(header[0], header[1]);
      if (headerFill == needed) {
        break;
      }
      if (!src.hasRemaining()) {
        return false;
      }
      int n = Math.min(needed - headerFill, src.remaining());
      src.get(header, headerFill, n);
      headerFill += n;
    }
    FrameHeader parsed = FrameHeader.parse(header, 0);
    headerFill = 0;
    check(parsed);
    frame = parsed;
    remaining = parsed.payloadLength();
    maskOffset = 0;
    controlFill = 0;
    started = false;
    return true;
  }

  private void check(FrameHeader h) throws FrameException {
    if (!h.masked()) {
      throw protocolError("client frames must be masked");
    }
    if (h.rsv() != 0) {
      throw protocolError("reserved bits set, but no extension was negotiated");
    }
    if (!Opcodes.isDefined(h.opcode())) {
      throw protocolError("reserved opcode 0x" + Integer.toHexString(h.opcode()));
    }
    if (Opcodes.isControl(h.opcode())) {
      if (!h.fin()) {
        throw protocolError("fragmented control frame");
      }
      if (h.payloadLength() > control.length) {
        throw protocolError("control frame payload longer than 125 bytes");
      }
      return;
    }
    if (h.payloadLength() > maxDataPayload) {
      throw new FrameException(
          CloseCodes.TOO_BIG,
          "data frame of " + h.payloadLength() + " bytes; at most " + maxDataPayload + " allowed");
    }
    if ((h.opcode() == Opcodes.CONTINUATION) != inMessage) {
      throw protocolError(
          inMessage
              ? "new message before the final frame of the previous one"
              : "continuation frame without a message to continue");
    }
    if (h.opcode() != Opcodes.CONTINUATION) {
      textMessage = h.opcode() == Opcodes.TEXT;
      messageLength = 0;
    }
    // Both at most maxDataPayload (checked above), so the sum cannot overflow.
    messageLength += h.payloadLength();
    if (messageLength > maxDataPayload) {
      throw new FrameException(
          CloseCodes.TOO_BIG,
          "fragmented message over " + maxDataPayload + " bytes; at most that is allowed");
    }
    inMessage = !h.fin();
  }

  private boolean readControl(ByteBuffer src) {
    int n = (int) Math.min(remaining, src.remaining());
    maskOffset = unmask(src, control, controlFill, n);
    controlFill += n;
    remaining -= n;
    return remaining == 0;
  }

  private Event forwardData(ByteBuffer src, ByteBuffer dst) {
    if (!started) {
      started = true;
      return Event.FRAME_START;
    }
    while (remaining > 0) {
      if (!src.hasRemaining()) {
        return Event.NEED_INPUT;
      }
      int n = (int) Math.min(remaining, src.remaining());
      if (discarding) {
        src.position(src.position() + n);
      } else {
        n = Math.min(n, dst.remaining());
        if (n == 0) {
          return Event.NEED_SPACE;
        }
        maskOffset = unmask(src, dst.array(), dst.arrayOffset() + dst.position(), n);
        dst.position(dst.position() + n);
        payloadForwarded += textMessage ? 0 : n;
      }
      remaining -= n;
    }
    frame = null;
    return Event.FRAME_END;
  }

  private int unmask(ByteBuffer src, byte[] dst, int dstPos, int n) {
    int next =
        Masking.mask(
            src.array(),
            src.arrayOffset() + src.position(),
            dst,
            dstPos,
            n,
            frame.mask(),
            maskOffset);
    src.position(src.position() + n);
    return next;
  }

  private static FrameException protocolError(String reason) {
    return new FrameException(CloseCodes.PROTOCOL_ERROR, reason);
  }
}
