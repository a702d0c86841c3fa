package io.devstreams.hub.errors;

import io.devstreams.protocol.ErrorCode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Objects;

/**
 * An RFC 9457 problem document with Azure's numeric error code: the one rendering of a failure that
 * every adapter sends (the REST mappers, and the servlet filters in front of WebSocket upgrades),
 * so that a client sees the same body whichever endpoint refused it.
 *
 * <p>The document also carries Azure's own error member, {@code Message}, as {@code
 * ErrorCode:NAME;DETAIL}: Azure's Node.js SDK reads the error's kind from it (its {@code
 * DeviceNotFoundError} needs {@code DeviceNotFound} there), and its Java SDK its message.
 *
 * <p>It holds numbers and text only, no HTTP types: an adapter sets the status, {@link #MEDIA_TYPE}
 * and the {@code iothub-errorcode} header ({@link #errorCode()}) and writes {@link #toJson()}.
 *
 * @param type always {@code about:blank}: the title is the HTTP status phrase, the code says more
 * @param title the HTTP status phrase
 * @param status the HTTP status
 * @param detail what went wrong, for a person; never a key, a token or a stack trace
 * @param errorCode Azure's six-digit code
 */
public record Problem(String type, String title, int status, String detail, int errorCode) {

  /** The media type of every error response. */
  public static final String MEDIA_TYPE = "application/problem+json";

  /** Checks the parts. */
  public Problem {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(detail, "detail");
  }

  /** The problem for a domain exception: its code's status, its code and its message. */
  public static Problem of(HubException e) {
    return of(e.errorCode(), e.getMessage());
  }

  /** The problem for a protocol error code, with the code's status. */
  public static Problem of(ErrorCode code, String detail) {
    return of(code.httpStatus(), code.code(), detail);
  }

  /** The problem for a status and a numeric code. */
  public static Problem of(int status, int errorCode, String detail) {
    return new Problem("about:blank", title(status), status, detail, errorCode);
  }

  /**
   * Returns the code for a status the hub did not raise itself (an unknown path, a wrong method):
   * the protocol's code where it has a general one for that status, else Azure's generic code, the
   * status followed by 000 (for example 404000, Azure's GenericNotFound), since 404001 would claim
   * a missing device.
   */
  public static int codeForStatus(int status) {
    ErrorCode code =
        switch (status) {
          case 400 -> ErrorCode.ARGUMENT_INVALID;
          case 401 -> ErrorCode.UNAUTHORIZED;
          case 403 -> ErrorCode.FORBIDDEN;
          case 412 -> ErrorCode.PRECONDITION_FAILED;
          case 413 -> ErrorCode.MESSAGE_TOO_LARGE;
          case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
          case 429 -> ErrorCode.THROTTLED;
          case 500 -> ErrorCode.SERVER_ERROR;
          case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
          default -> null;
        };
    return code == null ? status * 1000 : code.code();
  }

  /**
   * The {@code Retry-After} value for a wait: whole seconds, rounded up and at least 1, as the
   * header wants; sent with a throttled problem by every adapter.
   */
  public static String retryAfterSeconds(Duration wait) {
    long seconds = wait.toSeconds() + (wait.getNano() > 0 ? 1 : 0);
    return Long.toString(Math.max(1, seconds));
  }

  /** Renders the document, members in the order of RFC 9457. */
  public String toJson() {
    JsonObject json =
        Json.createObjectBuilder()
            .add("type", type)
            .add("title", title)
            .add("status", status)
            .add("detail", detail)
            .add("errorCode", errorCode)
            .add("Message", "ErrorCode:" + azureName() + ";" + detail)
            .build();
    return json.toString();
  }

  /**
   * Azure's name for the error code, as in its {@code Message} member: Azure's own name where the
   * code is Azure's, else the name in Azure's scheme ({@code GenericNotFound} for 404000).
   */
  String azureName() {
    return ErrorCode.fromCode(errorCode)
        .map(
            code ->
                switch (code) {
                  case ARGUMENT_INVALID -> "ArgumentInvalid";
                  case UNAUTHORIZED -> "IotHubUnauthorizedAccess";
                  case FORBIDDEN -> "Forbidden";
                  case STREAM_REJECTED -> "StreamRejected";
                  case NOT_FOUND -> "GenericNotFound";
                  case DEVICE_NOT_FOUND -> "DeviceNotFound";
                  case DEVICE_NOT_ONLINE -> "DeviceNotOnline";
                  case DEVICE_ALREADY_EXISTS -> "DeviceAlreadyExists";
                  case PRECONDITION_FAILED -> "PreconditionFailed";
                  case MESSAGE_TOO_LARGE -> "MessageTooLarge";
                  case UNSUPPORTED_MEDIA_TYPE -> "UnsupportedMediaType";
                  case THROTTLED -> "ThrottlingException";
                  case SERVER_ERROR -> "ServerError";
                  case SERVICE_UNAVAILABLE -> "ServiceUnavailable";
                  case GATEWAY_TIMEOUT -> "GatewayTimeout";
                })
        .orElseGet(() -> "Generic" + title.replaceAll("[^A-Za-z]", ""));
  }

  private static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 409 -> "Conflict";
      case 412 -> "Precondition Failed";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 426 -> "Upgrade Required";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "HTTP " + status;
    };
  }
}
