package io.devstreams.device;

import java.util.Objects;

/**
 * A device's answer to a stream request: accept (with what to do with the stream once open) or
 * reject with a reason the service's user will read.
 */
public final class StreamDecision {

  private final AcceptedStream stream;
  private final String reason;

  private StreamDecision(AcceptedStream stream, String reason) {
    this.stream = stream;
    this.reason = reason;
  }

  /** Accepts the stream; {@code stream} receives the opened channel. */
  public static StreamDecision accept(AcceptedStream stream) {
    return new StreamDecision(Objects.requireNonNull(stream, "stream"), null);
  }

  /**
   * Rejects the stream.
   *
   * @throws IllegalArgumentException if the reason is empty
   */
  public static StreamDecision reject(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("a rejection needs a reason");
    }
    return new StreamDecision(null, reason);
  }

  /** Returns whether the stream is accepted. */
  public boolean accepted() {
    return stream != null;
  }

  /** Returns the rejection's reason, or null when accepted. */
  public String reason() {
    return reason;
  }

  /** Returns what receives the accepted stream, or null when rejected. */
  public AcceptedStream stream() {
    return stream;
  }

  @Override
  public String toString() {
    return accepted() ? "accept" : "reject: " + reason;
  }
}
