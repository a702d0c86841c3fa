package io.devstreams.protocol.websocket;

import java.io.IOException;

/**
 * The hub (or a proxy) answered the opening handshake with something other than 101: the status,
 * the {@code detail} of its problem+json body when it had one, and {@code Retry-After}.
 */
public final class HandshakeRefusedException extends IOException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String detail;
  private final long retryAfterSeconds;

  /** Creates the exception; {@code detail} may be null. */
  public HandshakeRefusedException(
      String message, int status, String detail, long retryAfterSeconds) {
    super(message);
    this.status = status;
    this.detail = detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Returns the HTTP status the hub or proxy answered with. */
  public int status() {
    return status;
  }

  /** Returns the problem's {@code detail}, or null if the answer had none. */
  public String detail() {
    return detail;
  }

  /** Returns the {@code Retry-After} seconds, or 0 if none was sent. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
