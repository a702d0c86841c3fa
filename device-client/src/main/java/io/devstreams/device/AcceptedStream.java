package io.devstreams.device;

import io.devstreams.protocol.tunnel.StreamChannel;

/**
 * What to do with a stream once accepted: receives the opened channel, or the reason it could not
 * be opened, exactly once.
 */
public interface AcceptedStream {

  /**
   * Receives the open stream; bridge it (or close it) promptly, since it reads nothing until then.
   */
  void opened(StreamChannel channel);

  /** Receives why the accepted stream could not be opened (the answer or the handshake failed). */
  void failed(Throwable error);
}
