package io.devstreams.protocol;

import java.util.Optional;

/**
 * Numeric error codes sent in {@link Headers#ERROR_CODE} and in problem+json, with their HTTP
 * status.
 *
 * <p>Codes are Azure IoT Hub's where Azure defines one for the same condition, so that Azure
 * clients keep working; the others are ours, in Azure's scheme (HTTP status followed by three
 * digits), and are marked as such below.
 */
public enum ErrorCode {
  /** The request or its body is not valid (Azure's ArgumentInvalid). */
  ARGUMENT_INVALID(400004, 400),
  /**
   * The credentials are missing, malformed, expired or wrong (Azure's IotHubUnauthorizedAccess).
   */
  UNAUTHORIZED(401002, 401),
  /**
   * The credentials are valid but lack the right for the operation; ours: Azure has no generic
   * forbidden code and documents 403006 as DeviceMaximumActiveFileUploadLimitExceeded, which
   * devstreams never sends (it has no file upload).
   */
  FORBIDDEN(403006, 403),
  /** The device refused a v2 stream (a service it does not offer, a target it cannot reach). */
  STREAM_REJECTED(403101, 403),
  /** No such device, or not one the caller may see (Azure's DeviceNotFound). */
  DEVICE_NOT_FOUND(404001, 404),
  /** Something other than a device, such as an active stream, does not exist (Azure's 404000). */
  NOT_FOUND(404000, 404),
  /** The device has no control channel open (Azure's DeviceNotOnline). */
  DEVICE_NOT_ONLINE(404103, 404),
  /** A device with this id exists already (Azure's DeviceAlreadyExists). */
  DEVICE_ALREADY_EXISTS(409001, 409),
  /**
   * The {@code If-Match} etag does not match the current one (Azure's 412001, the etag mismatch;
   * Azure's 412002 is DeviceMessageLockLost, which has no HTTP form).
   */
  PRECONDITION_FAILED(412001, 412),
  /** The request body is larger than allowed (Azure's MessageTooLarge). */
  MESSAGE_TOO_LARGE(413001, 413),
  /** The request body has a content type we do not read; ours. */
  UNSUPPORTED_MEDIA_TYPE(415001, 415),
  /** The caller exceeded a rate or concurrency limit (Azure's ThrottlingException). */
  THROTTLED(429001, 429),
  /** The hub failed in a way the caller cannot fix (Azure's ServerError). */
  SERVER_ERROR(500001, 500),
  /** The hub cannot serve the request right now, for example while shutting down. */
  SERVICE_UNAVAILABLE(503001, 503),
  /** The device did not answer a stream request in time (Azure's GatewayTimeout). */
  GATEWAY_TIMEOUT(504101, 504);

  private final int code;
  private final int httpStatus;

  ErrorCode(int code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** Returns the six-digit numeric code, for example {@code 404001}. */
  public int code() {
    return code;
  }

  /** Returns the HTTP status this error is sent with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Returns the error with this numeric code, or empty for a code devstreams does not define. */
  public static Optional<ErrorCode> fromCode(int code) {
    for (ErrorCode candidate : values()) {
      if (candidate.code == code) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
