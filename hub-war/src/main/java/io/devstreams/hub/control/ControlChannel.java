package io.devstreams.hub.control;

/**
 * One device's open control connection, as the control plane sees it; the WebSocket endpoint
 * implements it, unit tests fake it.
 */
public interface ControlChannel {

  /** The authenticated device on the other end. */
  String deviceId();

  /** Sends one JSON text message without blocking; a failure closes the channel. */
  void send(String json);

  /** Sends a WebSocket ping without blocking. */
  void ping();

  /** Closes the connection with a WebSocket close code and a short reason. */
  void close(int code, String reason);
}
