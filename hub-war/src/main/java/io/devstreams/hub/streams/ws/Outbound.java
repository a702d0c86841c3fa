package io.devstreams.hub.streams.ws;

import io.devstreams.hub.streams.Outflow;
import io.devstreams.hub.streams.Piece;
import io.devstreams.hub.ws.CloseFrame;
import io.devstreams.hub.ws.FrameHeader;
import io.devstreams.hub.ws.Opcodes;
import io.devstreams.hub.ws.SerialTask;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The writing half of a connection: writes each piece the partner offers as a frame of its own, and
 * the hub's own control frames (pong, ping, close) between them.
 *
 * <p>Every write and flush follows an {@code isReady()} that returned true: on Grizzly a write
 * without it blocks the thread. A piece is taken from the partner only when the output is ready
 * again after writing it (the container may still hold the bytes until then), so the partner reads
 * its next chunk only once this client keeps up. Used only from its connection's {@link
 * SerialTask}.
 */
final class Outbound {

  private static final byte[] PING = {(byte) (0x80 | Opcodes.PING), 0};

  private final ServletOutputStream out;
  private final byte[] header = new byte[FrameHeader.MAX_SERVER_LENGTH];
  private final AtomicBoolean pingWanted = new AtomicBoolean();
  private int holding = -1;
  private boolean unflushed;
  private boolean closeSent;
  private volatile byte[] pong;

  Outbound(ServletOutputStream out) {
    this.out = out;
  }

  /** Sends a ping before the next piece; may be called from any thread. */
  void ping() {
    pingWanted.set(true);
  }

  /** Answers the client's ping before the next piece; only the latest ping is answered. */
  void pong(byte[] payload) {
    pong = payload;
  }

  /**
   * Writes as much as the output takes: a pong or ping first, so that a busy stream still shows it
   * is alive; then the partner's pieces; then, once the partner offers nothing more for now, the
   * close. After the close it only flushes and takes (drops) the partner's pieces. Returns whether
   * anything happened.
   *
   * @param incoming the partner's offer, or null while unpaired
   * @param close the close to send, or null
   */
  boolean step(Outflow incoming, CloseFrame close) throws IOException {
    boolean progress = false;
    while (!closeSent) {
      if (!out.isReady()) {
        return progress;
      }
      if (holding >= 0) {
        incoming.take(holding);
        holding = -1;
        progress = true;
      }
      Piece piece;
      if (writeLiveness()) {
        progress = true;
      } else if (incoming != null && (piece = incoming.peek()) != null) {
        writePiece(piece);
      } else if (close != null) {
        write(close.toFrame());
        closeSent = true;
      } else if (unflushed) {
        out.flush();
        unflushed = false;
      } else {
        return progress;
      }
      progress = true;
    }
    return drop(incoming) | flushAfterClose() | progress;
  }

  /** Returns whether the close frame has been written and flushed. */
  boolean isCloseFlushed() {
    return closeSent && !unflushed;
  }

  /**
   * Writes the piece as one frame, its header in the piece's headroom: one write, as isReady
   * allows.
   */
  private void writePiece(Piece piece) throws IOException {
    int opcode =
        !piece.text() ? Opcodes.BINARY : piece.first() ? Opcodes.TEXT : Opcodes.CONTINUATION;
    boolean fin = !piece.text() || piece.last();
    int n = FrameHeader.encode(header, 0, fin, opcode, piece.length());
    int start = piece.offset() - n;
    System.arraycopy(header, 0, piece.array(), start, n);
    out.write(piece.array(), start, n + piece.length());
    holding = piece.length();
    unflushed = true;
  }

  private boolean writeLiveness() throws IOException {
    if (pong != null) {
      byte[] frame = new byte[2 + pong.length];
      FrameHeader.encode(frame, 0, true, Opcodes.PONG, pong.length);
      System.arraycopy(pong, 0, frame, 2, pong.length);
      pong = null;
      write(frame);
      return true;
    }
    if (pingWanted.getAndSet(false)) {
      write(PING);
      return true;
    }
    return false;
  }

  private void write(byte[] frame) throws IOException {
    out.write(frame);
    unflushed = true;
  }

  /** After the close: takes whatever the partner offers, so that it is never left waiting. */
  private boolean drop(Outflow incoming) {
    boolean progress = false;
    if (holding >= 0) {
      incoming.take(holding);
      holding = -1;
      progress = true;
    }
    Piece piece;
    while (incoming != null && (piece = incoming.peek()) != null) {
      incoming.take(piece.length());
      progress = true;
    }
    return progress;
  }

  private boolean flushAfterClose() throws IOException {
    if (unflushed && out.isReady()) {
      out.flush();
      unflushed = false;
      return true;
    }
    return false;
  }
}
