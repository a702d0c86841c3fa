package io.devstreams.hub.streams;

/**
 * The port between a stream's two sides: the bytes one side read from its client, waiting for the
 * partner to write them to its own. A WebSocket connection, a sub-stream of a multiplexed
 * connection and, later, a peer on another hub instance each offer one; the relay moves bytes only
 * through it, so neither side knows what the other is.
 *
 * <p>Backpressure is the taking: a side reads more from its client (or grants its client more
 * window) only as its partner takes what it offered, so what waits in the hub for one direction is
 * bounded by what the side chose to offer. {@link #peek} and {@link #take} are called by the
 * partner only, never concurrently; the producing side is woken by {@link #take} itself.
 */
public interface Outflow {

  /**
   * Returns the next piece to write, or null when none is ready; the same piece (less what was
   * taken) until it is taken whole.
   */
  Piece peek();

  /**
   * The partner wrote the first {@code n} bytes of the piece {@link #peek} returned ({@code n} may
   * be the whole piece, or 0 for an empty text piece, which then counts as taken).
   */
  void take(int n);

  /** Returns whether the side will offer nothing more and everything it offered was taken. */
  boolean isDrained();
}
