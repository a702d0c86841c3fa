package io.devstreams.hub.control;

import io.devstreams.hub.streams.StreamTicket;
import io.devstreams.protocol.StreamRequest;

/**
 * One device's open control connection, as the control plane sees it: a v1 control channel (the
 * Tyrus endpoint) or a v2 connection, which carries the streams too; unit tests fake it.
 */
public interface ControlChannel {

  /** The authenticated device on the other end. */
  String deviceId();

  /**
   * Asks the device for a stream without blocking; the answer comes back through {@link
   * StreamInitiation#onResponse}. A v1 channel sends {@code request} as JSON and the device joins
   * the stream at its URL with its token; a v2 connection offers a stream of its own for {@code
   * ticket} and joins it when the device accepts. A failure closes the channel.
   */
  void requestStream(StreamRequest request, StreamTicket ticket);

  /** Sends a WebSocket ping without blocking. */
  void ping();

  /** Closes the connection with a WebSocket close code and a short reason. */
  void close(int code, String reason);
}
