package io.devstreams.hub.streams.ws;

import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * The reading half of a connection: decodes its client's frames, relays data frames into the {@link
 * Handoff} for the partner, reports control frames, and, once the connection is closing, drains the
 * rest until the client's close frame.
 *
 * <p>It reads only while the handoff is free, that is, while everything it read before has been
 * written to the partner; until then the client's bytes wait in TCP. Reads happen only after {@code
 * isReady()} returned true, so they never block. Used only from its connection's {@link
 * SerialTask}; the counters are read by the broker from other threads.
 */
final class Inbound {

  /** What the reader reports to its connection. */
  interface Events {
    /** The partner has bytes to write. */
    void published();

    /** The client pinged. */
    void ping(byte[] payload);

    /** The client sent a close frame. */
    void closeReceived(CloseFrame frame);

    /** The client broke the protocol. */
    void protocolError(FrameException e);

    /** The client's input ended without a close frame. */
    void ended();
  }

  /** What the reader does in one step. */
  enum Mode {
    /** Not paired yet: read nothing. */
    WAIT,
    /** Paired: relay data frames to the partner. */
    RELAY,
    /**
     * Closing: finish relaying the frame in progress (so the partner can close between frames),
     * then drop data frames and look for the client's close frame.
     */
    DRAIN
  }

  static final int MAX_DATA_PAYLOAD = 64 * 1024;
  static final int BUFFER_SIZE = 16 * 1024;

  final Handoff outgoing = new Handoff(BUFFER_SIZE + FrameHeader.MAX_SERVER_LENGTH);
  private final ServletInputStream in;
  private final Events events;
  private final BooleanSupplier boundaryWanted;
  private final FrameDecoder decoder = new FrameDecoder(MAX_DATA_PAYLOAD);
  private ByteBuffer buffer;
  private Mode mode = Mode.WAIT;
  private boolean finishingFrame;
  private boolean done;
  private volatile boolean endSignalled;
  private volatile long heard;
  private volatile int held;
  private volatile boolean heldBack;

  /**
   * Creates the reader; {@code boundaryWanted} says whether the partner's writer waits for a frame
   * boundary to send a control frame, so that the reader publishes as soon as a frame ends.
   */
  Inbound(ServletInputStream in, Events events, BooleanSupplier boundaryWanted) {
    this.in = in;
    this.events = events;
    this.boundaryWanted = boundaryWanted;
  }

  /**
   * Reads and decodes as far as the mode, the handoff and the available input allow; returns
   * whether anything happened.
   */
  boolean step(Mode next) throws IOException {
    if (done || next == Mode.WAIT) {
      return false;
    }
    if (next == Mode.DRAIN && mode != Mode.DRAIN && !finishingFrame) {
      if (mode == Mode.RELAY && !decoder.atBoundary()) {
        finishingFrame = true;
      } else {
        drain();
      }
    } else if (next == Mode.RELAY) {
      mode = Mode.RELAY;
    }
    boolean progress = false;
    while (!done) {
      heldBack = mode == Mode.RELAY && outgoing.isPublished();
      if (heldBack) {
        break;
      }
      if (!buffer().hasRemaining() && !fill()) {
        progress |= publish();
        break;
      }
      progress = true;
      decode();
    }
    held = buffer == null ? 0 : buffer.remaining();
    return progress;
  }

  /** The container reported the end of input or an input error: finish what is buffered. */
  void endSignalled() {
    endSignalled = true;
  }

  /** Returns whether this side will never be read again (close received, ended or broken). */
  boolean isDone() {
    return done;
  }

  /** Publishes nothing more to the partner; the partner may then give up on a cut frame. */
  void stopRelaying() {
    outgoing.finish();
  }

  long bytesHeard() {
    return heard;
  }

  boolean heldBack() {
    return heldBack;
  }

  long bytesRelayed() {
    return decoder.payloadForwarded();
  }

  long bytesBuffered() {
    return held + (long) outgoing.held();
  }

  private void decode() {
    FrameDecoder.Event event;
    try {
      event = decoder.decode(buffer, mode == Mode.RELAY ? outgoing.fillBuffer() : null);
    } catch (FrameException e) {
      done = true;
      publish();
      events.protocolError(e);
      return;
    }
    if (event == FrameDecoder.Event.NEED_SPACE) {
      publish();
    } else if (event == FrameDecoder.Event.CONTROL) {
      control(decoder.controlOpcode(), decoder.controlPayload());
    } else if (event == FrameDecoder.Event.FRAME_END && mode == Mode.RELAY) {
      if (finishingFrame) {
        drain();
      } else if (boundaryWanted.getAsBoolean()) {
        publish();
      }
    }
  }

  /** Hands over the complete frames read so far, then stops relaying for good. */
  private void drain() {
    publish();
    mode = Mode.DRAIN;
    finishingFrame = false;
    decoder.discardData();
    stopRelaying();
  }

  private void control(int opcode, byte[] payload) {
    if (opcode == Opcodes.PING) {
      events.ping(payload);
    } else if (opcode == Opcodes.CLOSE) {
      done = true;
      publish();
      try {
        events.closeReceived(CloseFrame.parse(payload, payload.length));
      } catch (FrameException e) {
        events.protocolError(e);
      }
    }
  }

  private boolean publish() {
    if (mode == Mode.RELAY && outgoing.publish(decoder.atBoundary())) {
      events.published();
      return true;
    }
    return false;
  }

  private boolean fill() throws IOException {
    if (!in.isReady()) {
      if (endSignalled) {
        end();
      }
      return false;
    }
    int n = in.read(buffer.array(), 0, buffer.capacity());
    if (n < 0) {
      end();
      return false;
    }
    buffer.position(0).limit(n);
    heard += n;
    return true;
  }

  private void end() {
    done = true;
    publish();
    events.ended();
  }

  private ByteBuffer buffer() {
    if (buffer == null) {
      buffer = ByteBuffer.allocate(BUFFER_SIZE).limit(0);
    }
    return buffer;
  }
}
