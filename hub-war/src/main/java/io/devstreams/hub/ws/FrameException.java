package io.devstreams.hub.ws;

/** A client broke RFC 6455 or a hub limit; carries the close code the hub answers with. */
public final class FrameException extends Exception {

  private static final long serialVersionUID = 1L;

  private final int closeCode;

  public FrameException(int closeCode, String reason) {
    super(reason);
    this.closeCode = closeCode;
  }

  /** Returns the close code to send, for example 1002 or 1009. */
  public int closeCode() {
    return closeCode;
  }
}
