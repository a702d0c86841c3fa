package io.devstreams.hub.streams.ws;

import io.devstreams.hub.ws.CloseFrame;
import io.devstreams.hub.ws.FrameDecoder;
import io.devstreams.hub.ws.FrameException;
import io.devstreams.hub.ws.Opcodes;
import io.devstreams.hub.ws.SerialTask;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The reading half of a connection: decodes its client's frames, offers the payload of data frames
 * to the partner through its {@link Handoff}, reports control frames, and, once the connection is
 * closing, drains the rest until the client's close frame.
 *
 * <p>Data frames become data pieces, run together up to the buffer's size (a stream is a byte
 * stream; message boundaries mean nothing); text frames become text pieces of their own, with their
 * message's start and end marked. It reads only while the handoff is free, that is, while
 * everything it read before has been taken by the partner; until then the client's bytes wait in
 * TCP. Reads happen only after {@code isReady()} returned true, so they never block. Used only from
 * its connection's {@link SerialTask}; the counters are read by the broker from other threads.
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
    /** Closing: drop data frames and look for the client's close frame. */
    DRAIN
  }

  static final int MAX_DATA_PAYLOAD = 64 * 1024;
  static final int BUFFER_SIZE = 16 * 1024;

  final Handoff outgoing;
  private final ServletInputStream in;
  private final Events events;
  private final FrameDecoder decoder = new FrameDecoder(MAX_DATA_PAYLOAD);
  private ByteBuffer buffer;
  private Mode mode = Mode.WAIT;
  private boolean done;
  private boolean pieceText;
  private boolean pieceFirst;
  private volatile boolean endSignalled;
  private volatile long heard;
  private volatile int held;
  private volatile boolean heldBack;

  /** Creates the reader; {@code taken} wakes the connection when the partner took a piece. */
  Inbound(ServletInputStream in, Events events, Runnable taken) {
    this.in = in;
    this.events = events;
    this.outgoing = new Handoff(BUFFER_SIZE, taken);
  }

  /**
   * Reads and decodes as far as the mode, the handoff and the available input allow; returns
   * whether anything happened.
   */
  boolean step(Mode next) throws IOException {
    if (done || next == Mode.WAIT) {
      return false;
    }
    if (next == Mode.DRAIN && mode != Mode.DRAIN) {
      drain();
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
        progress |= publish(false);
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

  /** Offers nothing more to the partner. */
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
      publish(false);
      events.protocolError(e);
      return;
    }
    switch (event) {
      case FRAME_START -> frameStarts();
      case NEED_SPACE -> publish(false);
      case FRAME_END -> {
        if (mode == Mode.RELAY && pieceText) {
          publish(decoder.frameEndsMessage());
        }
      }
      case CONTROL -> control(decoder.controlOpcode(), decoder.controlPayload());
      case NEED_INPUT -> {
        // fill() reads more
      }
    }
  }

  /** A text frame starts a piece of its own: what was filled before goes first. */
  private void frameStarts() {
    if (mode != Mode.RELAY) {
      return;
    }
    boolean text = decoder.frameIsText();
    if (text || pieceText) {
      publish(false);
    }
    pieceText = text;
    pieceFirst = text && decoder.frameStartsMessage();
  }

  /** Hands over the complete pieces read so far, then stops relaying for good. */
  private void drain() {
    publish(false);
    mode = Mode.DRAIN;
    decoder.discardData();
    stopRelaying();
  }

  private void control(int opcode, byte[] payload) {
    if (opcode == Opcodes.PING) {
      events.ping(payload);
    } else if (opcode == Opcodes.CLOSE) {
      done = true;
      publish(false);
      try {
        events.closeReceived(CloseFrame.parse(payload, payload.length));
      } catch (FrameException e) {
        events.protocolError(e);
      }
    }
  }

  /**
   * Offers what was filled as one piece; a text piece is offered even when empty once it ends its
   * message ({@code last}), so that the message ends on the other side too.
   */
  private boolean publish(boolean last) {
    if (mode != Mode.RELAY) {
      return false;
    }
    boolean text = pieceText;
    if (text && !last && !outgoing.hasFill()) {
      return false;
    }
    if (outgoing.publish(text, text && pieceFirst, last)) {
      pieceFirst = false;
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
    publish(false);
    events.ended();
  }

  private ByteBuffer buffer() {
    if (buffer == null) {
      buffer = ByteBuffer.allocate(BUFFER_SIZE).limit(0);
    }
    return buffer;
  }
}
