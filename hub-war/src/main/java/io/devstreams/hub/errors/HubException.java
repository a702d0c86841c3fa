package io.devstreams.hub.errors;

import io.devstreams.protocol.ErrorCode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure the caller can understand: a {@link Kind}, a stable protocol {@link ErrorCode} and a
 * message that is safe to show the caller (it never contains a key, a token or a signature).
 *
 * <p>The REST adapter maps it to problem+json, the WebSocket adapter to a close code; neither needs
 * to know which service threw it.
 */
public final class HubException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * The one message every authentication failure carries, so that failures cannot be told apart.
   */
  public static final String INVALID_CREDENTIALS = "invalid or missing credentials";

  /** What went wrong, independent of the transport. */
  public enum Kind {
    /** The request is malformed or breaks a rule. */
    BAD_REQUEST,
    /** The credentials are missing or wrong. */
    UNAUTHORIZED,
    /** The credentials are valid but lack the right. */
    FORBIDDEN,
    /** The thing does not exist, or the caller may not know that it does. */
    NOT_FOUND,
    /** The request conflicts with the current state, for example a duplicate id. */
    CONFLICT,
    /** A condition such as an etag did not hold. */
    PRECONDITION_FAILED,
    /** The request is larger than allowed. */
    TOO_LARGE,
    /** The request's media type is not one the hub reads. */
    UNSUPPORTED_MEDIA_TYPE,
    /** The hub or the peer cannot serve the request now. */
    UNAVAILABLE,
    /** The caller exceeded a limit. */
    THROTTLED,
    /** Something did not answer in time. */
    TIMEOUT
  }

  private final Kind kind;
  private final ErrorCode errorCode;
  private final Duration retryAfter;

  /** Creates the exception; the message is shown to the caller and must hold no secret. */
  public HubException(Kind kind, ErrorCode errorCode, String message) {
    this(kind, errorCode, message, null);
  }

  private HubException(Kind kind, ErrorCode errorCode, String message, Duration retryAfter) {
    super(Objects.requireNonNull(message, "message"));
    this.kind = Objects.requireNonNull(kind, "kind");
    this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    this.retryAfter = retryAfter;
  }

  /** The caller went over a limit; it may try again after {@code retryAfter} (null: unknown). */
  public static HubException throttled(String message, Duration retryAfter) {
    return new HubException(Kind.THROTTLED, ErrorCode.THROTTLED, message, retryAfter);
  }

  /** A malformed request or a broken rule, with a message naming what is wrong. */
  public static HubException badRequest(String message) {
    return new HubException(Kind.BAD_REQUEST, ErrorCode.ARGUMENT_INVALID, message);
  }

  /** An authentication failure, always with {@link #INVALID_CREDENTIALS}. */
  public static HubException unauthorized() {
    return new HubException(Kind.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, INVALID_CREDENTIALS);
  }

  /** Valid credentials without the right for the operation. */
  public static HubException forbidden(String message) {
    return new HubException(Kind.FORBIDDEN, ErrorCode.FORBIDDEN, message);
  }

  /** No such device, or one the caller may not see: both get this same answer. */
  public static HubException deviceNotFound(String deviceId) {
    return new HubException(
        Kind.NOT_FOUND, ErrorCode.DEVICE_NOT_FOUND, "device '" + deviceId + "' not found");
  }

  /** A device with this id exists already. */
  public static HubException deviceExists(String deviceId) {
    return new HubException(
        Kind.CONFLICT,
        ErrorCode.DEVICE_ALREADY_EXISTS,
        "device '" + deviceId + "' already exists; to update it, send If-Match with its etag or *");
  }

  /** A condition such as {@code If-Match} did not hold. */
  public static HubException preconditionFailed(String message) {
    return new HubException(Kind.PRECONDITION_FAILED, ErrorCode.PRECONDITION_FAILED, message);
  }

  /** A request body larger than the limit. */
  public static HubException tooLarge(long limitBytes) {
    return new HubException(
        Kind.TOO_LARGE,
        ErrorCode.MESSAGE_TOO_LARGE,
        "request body is larger than " + limitBytes + " bytes");
  }

  /** Returns what went wrong. */
  public Kind kind() {
    return kind;
  }

  /** Returns how long the caller should wait before trying again, if the hub knows. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Returns the stable protocol error code. */
  public ErrorCode errorCode() {
    return errorCode;
  }
}
