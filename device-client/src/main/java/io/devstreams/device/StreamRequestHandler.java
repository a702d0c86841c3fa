package io.devstreams.device;

import io.devstreams.protocol.StreamRequest;

/**
 * Decides, for each stream request the hub forwards, whether this device accepts it; supplied by
 * the library's user (the agent maps stream names to local services).
 */
@FunctionalInterface
public interface StreamRequestHandler {

  /**
   * Accepts or rejects a request. Called on a worker thread, one per request, so it may block
   * briefly (for example to connect to a local service first); the hub only waits for the answer
   * for its response timeout. An exception counts as a rejection.
   */
  StreamDecision decide(StreamRequest request);
}
