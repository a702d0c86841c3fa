package io.devstreams.protocol;

/**
 * Thrown when a SAS token is malformed; its {@link #reason()} is safe to log because it never
 * contains the token or any part of its signature.
 */
public final class InvalidTokenException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception; the reason must not contain the token. */
  public InvalidTokenException(String reason) {
    super(reason);
  }

  /** Returns why the token was rejected, safe to log. */
  public String reason() {
    return getMessage();
  }
}
