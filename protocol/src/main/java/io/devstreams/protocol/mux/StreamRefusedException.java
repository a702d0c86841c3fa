package io.devstreams.protocol.mux;

import java.io.IOException;

/** The hub answered an {@code OPEN} with {@code REFUSE}: its error code, message and retry hint. */
public final class StreamRefusedException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Refusal refusal;

  /** Creates the exception for {@code refusal}, whose message becomes this one's. */
  public StreamRefusedException(Refusal refusal) {
    super(refusal.message().isEmpty() ? "refused with " + refusal.errorCode() : refusal.message());
    this.refusal = refusal;
  }

  /** Returns the hub's refusal. */
  public Refusal refusal() {
    return refusal;
  }
}
