package io.devstreams.service;

import io.devstreams.protocol.ErrorCode;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The hub answered a request with an error status; the message is the hub's {@code detail} from its
 * {@code application/problem+json} body (or a fallback when the body had none).
 */
public class HubException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final Integer errorCode;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status, 400 to 599
   * @param errorCode the hub's numeric error code, or empty when it sent none
   * @param message the hub's explanation
   */
  public HubException(int status, OptionalInt errorCode, String message) {
    super(message);
    this.status = status;
    this.errorCode = errorCode.isPresent() ? errorCode.getAsInt() : null;
  }

  /** Returns the HTTP status of the hub's answer. */
  public int status() {
    return status;
  }

  /** Returns the hub's numeric error code (for example 404001), if it sent one. */
  public OptionalInt errorCode() {
    return errorCode == null ? OptionalInt.empty() : OptionalInt.of(errorCode);
  }

  /** Returns the error code as a known {@link ErrorCode}, if it is one devstreams defines. */
  public Optional<ErrorCode> knownErrorCode() {
    return errorCode == null ? Optional.empty() : ErrorCode.fromCode(errorCode);
  }
}
