package io.devstreams.hub.streams;

import java.time.Duration;

/**
 * What the broker tells the hub's metrics about streams, at two points of their life: when a stream
 * pairs (both sides joined, with its set-up time) and when a stream request ends, however it ends
 * (its {@link StreamRecord}: refused with a reason, cancelled, or closed after relaying, with its
 * bytes). Every request ends exactly once; a paired stream also ends exactly once.
 *
 * <p>Called on request and relay threads, sometimes under no lock at all: an implementation must be
 * thread-safe and return at once (count, never wait).
 */
public interface StreamEvents {

  /** Events that go nowhere, for tests and tools that keep no metrics. */
  StreamEvents NONE = new StreamEvents() {};

  /** Both sides of a stream joined, {@code setUp} after the hub took its request: it relays. */
  default void paired(Duration setUp) {}

  /**
   * A stream request ended: the same record the {@link StreamRecorder} gets (outcome, bytes each
   * way, close code).
   */
  default void ended(StreamRecord record) {}
}
