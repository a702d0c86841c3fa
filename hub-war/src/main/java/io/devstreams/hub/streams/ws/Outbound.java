package io.devstreams.hub.streams.ws;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The writing half of a connection: writes the partner's relayed frames as they are published, and
 * the hub's own control frames (pong, ping, close) between frames, never inside one.
 *
 * <p>Every write and flush follows an {@code isReady()} that returned true: on Grizzly a write
 * without it blocks the thread. The partner's handoff is released only when the output is ready
 * again after writing it, so the partner reads its next chunk only once this client keeps up. Used
 * only from its connection's {@link SerialTask}.
 */
final class Outbound {

  private static final byte[] PING = {(byte) (0x80 | Opcodes.PING), 0};

  private final ServletOutputStream out;
  private final AtomicBoolean pingWanted = new AtomicBoolean();
  private boolean midFrame;
  private boolean unflushed;
  private boolean holding;
  private boolean closeSent;
  private volatile byte[] pong;

  Outbound(ServletOutputStream out) {
    this.out = out;
  }

  /** Sends a ping at the next frame boundary; may be called from any thread. */
  void ping() {
    pingWanted.set(true);
  }

  /** Returns whether a pong or ping waits for the next frame boundary; any thread may ask. */
  boolean wantsBoundary() {
    return pong != null || pingWanted.get();
  }

  /** Answers the client's ping at the next frame boundary; only the latest ping is answered. */
  void pong(byte[] payload) {
    pong = payload;
  }

  /**
   * Writes as much as the output takes. Between frames a pong or ping goes first, so that a busy
   * stream still shows it is alive; then the partner's published bytes; then, once nothing the
   * partner published before the close is left, the close. After the close it only flushes and
   * drops the partner's bytes. Returns whether anything happened.
   *
   * @param incoming the partner's handoff, or null while unpaired
   * @param released called when the partner's handoff was released
   * @param close the close to send, or null
   */
  boolean step(Handoff incoming, Runnable released, CloseFrame close) throws IOException {
    boolean progress = false;
    while (!closeSent) {
      if (!out.isReady()) {
        return progress;
      }
      if (holding) {
        holding = false;
        incoming.release();
        released.run();
        progress = true;
      }
      if (!midFrame && writeLiveness()) {
        progress = true;
      } else if (incoming != null && incoming.length() > 0) {
        writeRelayed(incoming);
      } else if (!midFrame && close != null) {
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
    return drop(incoming, released) | flushAfterClose() | progress;
  }

  /**
   * Returns whether a close is due but can never be sent: the output stopped inside a relayed frame
   * and the partner will publish no more.
   */
  boolean isStuckInFrame(Handoff incoming, CloseFrame close) {
    return close != null && midFrame && (incoming == null || incoming.isDrained());
  }

  /** Returns whether the close frame has been written and flushed. */
  boolean isCloseFlushed() {
    return closeSent && !unflushed;
  }

  private void writeRelayed(Handoff incoming) throws IOException {
    out.write(incoming.array(), 0, incoming.length());
    midFrame = !incoming.endsAtBoundary();
    holding = true;
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

  private boolean drop(Handoff incoming, Runnable released) {
    if (holding || (incoming != null && incoming.length() > 0)) {
      holding = false;
      incoming.release();
      released.run();
      return true;
    }
    return false;
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
