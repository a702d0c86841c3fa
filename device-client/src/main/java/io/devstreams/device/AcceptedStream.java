package io.devstreams.device;

import io.devstreams.protocol.tunnel.TunnelStream;

/**
 * What to do with a stream once accepted: receives the opened channel, or the reason it could not
 * be opened, exactly once.
 */
public interface AcceptedStream {

  /**
   * Receives the open stream (a v1 {@code StreamChannel} or a v2 {@code MuxStream}); bridge it,
   * connect it, or close it promptly, since it reads nothing until then.
   */
  void opened(TunnelStream stream);

  /** Receives why the accepted stream could not be opened (the answer or the handshake failed). */
  void failed(Throwable error);
}
