package io.devstreams.service;

/**
 * The device accepted a stream but the service side could not join it on the streaming endpoint:
 * the WebSocket handshake failed (for example {@code HTTP 401 from the hub} for an expired or used
 * token) or the connection could not be made. The message names the stream and the reason.
 */
public final class StreamOpenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message must not contain the token. */
  public StreamOpenException(String message, Throwable cause) {
    super(message, cause);
  }
}
