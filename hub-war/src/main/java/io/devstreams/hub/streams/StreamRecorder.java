package io.devstreams.hub.streams;

/**
 * Where the broker hands the audit record of each stream request. Called on relay and request
 * threads: an implementation must return at once and never wait for a database.
 */
public interface StreamRecorder {

  /** A recorder that keeps nothing, for tests and tools that need no audit. */
  StreamRecorder NONE = record -> {};

  /** Takes one record; never blocks. */
  void record(StreamRecord record);
}
