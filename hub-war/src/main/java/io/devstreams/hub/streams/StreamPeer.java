package io.devstreams.hub.streams;

/**
 * One joined side of a stream as the broker sees it: the seam between the broker and a connection,
 * so that the broker is tested with fakes and knows nothing of sockets or frames.
 *
 * <p>Every method may be called from any thread and must not block.
 */
public interface StreamPeer {

  /** Both sides have joined: start relaying to and from {@code partner}. Called once. */
  void paired(StreamPeer partner);

  /** Returns what this side offers its partner: the bytes its client sent (see {@link Outflow}). */
  Outflow outflow();

  /**
   * The partner offered new bytes, took some of ours or ended: do whatever I/O that allows. Any
   * thread may call it; it never blocks.
   */
  void wake();

  /**
   * Ends this side with a close code and reason, after the data already accepted for it; further
   * calls are ignored.
   */
  void close(int code, String reason);

  /** Drops the connection at once, without a close handshake (it did not finish in time). */
  void abort();

  /** Sends a ping, so that a live client answers with a pong. */
  void ping();

  /** Returns whether the connection is fully closed. */
  boolean isClosed();

  /**
   * Returns a count that grows whenever anything arrives from this side's client (data, pong,
   * anything), so that the broker can tell a silent client from a live one.
   */
  long bytesHeard();

  /**
   * Returns whether the hub is not reading this side because its partner cannot take more yet
   * (backpressure); a side held back is not silent by its own doing.
   */
  boolean heldBack();

  /** Returns the payload bytes relayed from this side to its partner so far. */
  long bytesRelayed();

  /** Returns the bytes read from this side and held in the hub, not yet written to the partner. */
  long bytesBuffered();
}
