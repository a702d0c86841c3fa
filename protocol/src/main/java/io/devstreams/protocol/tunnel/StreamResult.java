package io.devstreams.protocol.tunnel;

import io.devstreams.protocol.CloseCodes;

/**
 * How a bridged stream ended: the bytes moved each way, the WebSocket close code and reason, and
 * the failure if there was one.
 *
 * @param bytesReceived bytes received from the stream and written to the local side
 * @param bytesSent bytes read from the local side and sent on the stream
 * @param closeCode the close code that ended the stream: ours if we closed first, else the hub's;
 *     {@link #ABNORMAL_CLOSURE} when the connection broke without a close
 * @param closeReason the close reason, empty if none
 * @param error what failed (the hub connection or the local side), or null
 */
public record StreamResult(
    long bytesReceived, long bytesSent, int closeCode, String closeReason, Throwable error) {

  /** RFC 6455's code for a connection that ended without a close frame; never sent on the wire. */
  public static final int ABNORMAL_CLOSURE = 1006;

  /** Normalises a null reason to empty. */
  public StreamResult {
    closeReason = closeReason == null ? "" : closeReason;
  }

  /** Returns whether the stream closed with 1000 and nothing failed. */
  public boolean isNormal() {
    return closeCode == CloseCodes.NORMAL && error == null;
  }

  /**
   * Returns one line for a log or an error message: {@code closed normally}, {@code connection
   * lost: connection reset}, or {@code closed with 4005 (device could not reach its local target):
   * REASON}.
   */
  public String describe() {
    if (closeCode == ABNORMAL_CLOSURE) {
      return "connection lost" + (error == null ? "" : ": " + ConnectionFailures.describe(error));
    }
    String reason = closeReason.isBlank() ? "" : ": " + closeReason;
    if (closeCode == CloseCodes.NORMAL) {
      return "closed normally" + reason;
    }
    return "closed with " + closeCode + " (" + CloseCodes.describe(closeCode) + ")" + reason;
  }
}
