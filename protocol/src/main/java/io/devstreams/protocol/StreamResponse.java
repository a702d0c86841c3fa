package io.devstreams.protocol;

/**
 * Device to hub: the answer to the {@link StreamRequest} with the same request id.
 *
 * @param requestId the id of the request answered
 * @param accepted whether the device accepts the stream and will join it
 * @param reason why the device refused, for the service's user; null when there is none
 */
public record StreamResponse(String requestId, boolean accepted, String reason)
    implements ControlMessage {

  /** The longest request id, in characters. */
  public static final int MAX_REQUEST_ID_LENGTH = 128;

  /**
   * Validates the request id.
   *
   * @throws IllegalArgumentException if the request id is missing or malformed
   */
  public StreamResponse {
    checkRequestId(requestId);
  }

  static void checkRequestId(String requestId) {
    String problem =
        Identifiers.problem(
            "request id", requestId, MAX_REQUEST_ID_LENGTH, "-_.", "letters, digits and - _ .");
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }
}
