package io.devstreams.protocol.tunnel;

/**
 * How far a {@link StreamChannel} has got towards its end: which {@code fin}s have passed, and the
 * first close code, reason and failure, which win over anything that follows. Thread-safe.
 */
final class StreamEnding {

  private boolean finSent;
  private boolean finReceived;
  private boolean ending;
  private int code;
  private String reason = "";
  private Throwable error;

  /** Records that our {@code fin} went out; returns whether both directions are now finished. */
  synchronized boolean finSent() {
    finSent = true;
    return finReceived;
  }

  /** Records that the peer's {@code fin} was applied; returns whether both are now finished. */
  synchronized boolean finReceived() {
    finReceived = true;
    return finSent;
  }

  /** Records how the stream ends, unless that is already decided; returns whether it was not. */
  synchronized boolean begin(int closeCode, String closeReason, Throwable failure) {
    if (ending) {
      return false;
    }
    ending = true;
    code = closeCode;
    reason = closeReason == null ? "" : closeReason;
    error = failure;
    return true;
  }

  /** Returns whether the stream is ending: data received from now on is dropped. */
  synchronized boolean isEnding() {
    return ending;
  }

  /** Returns the result with these byte counts. */
  synchronized StreamResult result(long received, long sent) {
    return new StreamResult(received, sent, code, reason, error);
  }
}
