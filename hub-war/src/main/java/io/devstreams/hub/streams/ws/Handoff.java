package io.devstreams.hub.streams.ws;

import java.nio.ByteBuffer;

/**
 * The one fixed buffer between a connection's reader and its partner's writer: the reader fills it
 * with server frames and publishes it; the partner writes it out and releases it; the reader reads
 * no more from its client until then. That is the whole of the hub's buffering for one direction,
 * besides the reader's input buffer.
 *
 * <p>Filling happens only while the buffer is not published, and writing only while it is, so the
 * two threads never touch the bytes at once; the volatile length orders the hand-over.
 */
final class Handoff {

  private final int capacity;
  private ByteBuffer fill;
  private volatile int published;
  private volatile boolean boundary = true;
  private volatile boolean finished;

  Handoff(int capacity) {
    this.capacity = capacity;
  }

  /**
   * For the reader: the buffer to fill, valid only while {@link #isPublished()} is false; it is
   * allocated on first use, so that a side waiting for its partner holds no buffer.
   */
  ByteBuffer fillBuffer() {
    if (fill == null) {
      fill = ByteBuffer.allocate(capacity);
    }
    return fill;
  }

  /** For the reader: whether the partner has yet to write the last published bytes. */
  boolean isPublished() {
    return published != 0;
  }

  /**
   * For the reader: hands the filled bytes to the partner, noting whether they end between frames;
   * returns false if there was nothing to hand over.
   */
  boolean publish(boolean atBoundary) {
    if (published != 0 || fill == null || fill.position() == 0) {
      return false;
    }
    boundary = atBoundary;
    published = fill.position();
    return true;
  }

  /** For the reader: nothing more will be published. */
  void finish() {
    finished = true;
  }

  /** For the writer: whether the reader has finished and everything published was taken. */
  boolean isDrained() {
    return finished && published == 0;
  }

  /** For the writer: the number of published bytes, 0 if none. */
  int length() {
    return published;
  }

  /** For the writer: the published bytes, from index 0. */
  byte[] array() {
    return fill.array();
  }

  /** For the writer: whether the published bytes end between frames. */
  boolean endsAtBoundary() {
    return boundary;
  }

  /** For the writer: the bytes were written; the reader may fill the buffer again. */
  void release() {
    fill.clear();
    published = 0;
  }

  /** Returns the bytes held, published or still being filled (approximate from other threads). */
  int held() {
    int length = published;
    ByteBuffer filling = fill;
    return length != 0 || filling == null ? length : filling.position();
  }
}
