package io.devstreams.hub.streams.ws;

import io.devstreams.hub.streams.Outflow;
import io.devstreams.hub.streams.Piece;
import java.nio.ByteBuffer;

/**
 * The one fixed buffer between a connection's reader and its partner's writer, offered to the
 * partner as this side's {@link Outflow}: the reader fills it with payload and publishes it as one
 * {@link Piece}; the partner writes it out and takes it; the reader reads no more from its client
 * until then. That is the whole of the hub's buffering for one direction, besides the reader's
 * input buffer.
 *
 * <p>Filling happens only while nothing is published, and writing only while something is, so the
 * two threads never touch the bytes at once; the volatile flag orders the hand-over.
 */
final class Handoff implements Outflow {

  private final int capacity;
  private final Runnable taken;
  private ByteBuffer fill;
  private volatile boolean ready;
  private volatile boolean finished;
  private boolean text;
  private boolean first;
  private boolean last;
  private int length;
  private int offset;

  /** Creates the buffer; {@code taken} wakes the reader once the partner took a piece. */
  Handoff(int capacity, Runnable taken) {
    this.capacity = capacity;
    this.taken = taken;
  }

  /**
   * For the reader: the buffer to fill, valid only while {@link #isPublished()} is false; it is
   * allocated on first use, so that a side waiting for its partner holds no buffer.
   */
  ByteBuffer fillBuffer() {
    if (fill == null) {
      fill = ByteBuffer.allocate(Piece.HEADROOM + capacity).position(Piece.HEADROOM);
    }
    return fill;
  }

  /** For the reader: whether the partner has yet to take the last published piece. */
  boolean isPublished() {
    return ready;
  }

  /** For the reader: whether anything was filled since the last publication. */
  boolean hasFill() {
    return fill != null && fill.position() > Piece.HEADROOM;
  }

  /**
   * For the reader: offers the filled bytes as one piece (a data piece, or a part of a text
   * message); returns false if something is published already, or if a data piece would be empty.
   */
  boolean publish(boolean textPiece, boolean firstPart, boolean lastPart) {
    if (ready || (!textPiece && !hasFill())) {
      return false;
    }
    text = textPiece;
    first = firstPart;
    last = lastPart;
    length = fill == null ? 0 : fill.position() - Piece.HEADROOM;
    offset = 0;
    ready = true;
    return true;
  }

  /** For the reader: nothing more will be published. */
  void finish() {
    finished = true;
  }

  @Override
  public Piece peek() {
    if (!ready) {
      return null;
    }
    byte[] bytes = fill == null ? new byte[Piece.HEADROOM] : fill.array();
    return new Piece(
        text, bytes, Piece.HEADROOM + offset, length - offset, first && offset == 0, last);
  }

  @Override
  public void take(int n) {
    if (!ready) {
      return;
    }
    offset += n;
    if (offset >= length) {
      if (fill != null) {
        fill.clear().position(Piece.HEADROOM);
      }
      ready = false;
      taken.run();
    }
  }

  @Override
  public boolean isDrained() {
    return finished && !ready;
  }

  /** Returns the bytes held, published or still being filled (approximate from other threads). */
  int held() {
    ByteBuffer filling = fill;
    return ready
        ? length - offset
        : filling == null ? 0 : Math.max(0, filling.position() - Piece.HEADROOM);
  }
}
