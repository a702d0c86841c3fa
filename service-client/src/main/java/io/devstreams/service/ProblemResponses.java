package io.devstreams.service;

import io.devstreams.protocol.ErrorCode;
import io.devstreams.protocol.Headers;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads an error answer: {@code application/problem+json} with {@code detail} and {@code
 * errorCode}, the code also in the {@code iothub-errorcode} header; tolerates any other body.
 */
final class ProblemResponses {

  private static final int DEVICE_NOT_FOUND = ErrorCode.DEVICE_NOT_FOUND.code();

  private ProblemResponses() {}

  /**
   * Returns the exception for an error answer; a 404 about {@code deviceId} (when not null) that
   * comes from the hub (problem+json, code 404001 or none) becomes a {@link
   * DeviceNotFoundException}, while a 404 from something else (no such endpoint) stays generic.
   */
  static HubException toException(HttpResponse<String> response, String deviceId) {
    HubException answer = toException(response);
    boolean deviceMissing =
        answer.status() == 404
            && isProblem(response)
            && answer.errorCode().orElse(DEVICE_NOT_FOUND) == DEVICE_NOT_FOUND;
    return deviceId != null && deviceMissing
        ? new DeviceNotFoundException(deviceId, answer)
        : answer;
  }

  static HubException toException(HttpResponse<String> response) {
    int status = response.statusCode();
    Map<?, ?> problem = problem(response);
    OptionalInt code = errorCode(problem.get("errorCode"));
    if (code.isEmpty()) {
      code = errorCode(response.headers().firstValue(Headers.ERROR_CODE).orElse(null));
    }
    String message = text(problem.get("detail"));
    if (message == null) {
      message = text(problem.get("title"));
    }
    if (message == null) {
      message = "no explanation (HTTP " + status + ")";
    }
    return new HubException(status, code, message);
  }

  /** Returns whether the answer described itself as problem+json (a hub answer, not a proxy's). */
  private static boolean isProblem(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Content-Type")
        .map(type -> type.toLowerCase(Locale.ROOT).startsWith("application/problem+json"))
        .orElse(false);
  }

  private static Map<?, ?> problem(HttpResponse<String> response) {
    String body = response.body();
    if (body == null || body.isBlank() || !body.strip().startsWith("{")) {
      return Map.of();
    }
    try {
      return Optional.ofNullable(Json.<Map<?, ?>>read(body, Map.class)).orElse(Map.of());
    } catch (IllegalArgumentException e) {
      // Not JSON after all (a proxy's error page): the status alone describes the failure.
      return Map.of();
    }
  }

  private static OptionalInt errorCode(Object value) {
    if (value instanceof Number number) {
      return OptionalInt.of(number.intValue());
    }
    if (value instanceof String text && text.strip().matches("\\d{1,9}")) {
      return OptionalInt.of(Integer.parseInt(text.strip()));
    }
    return OptionalInt.empty();
  }

  private static String text(Object value) {
    return value instanceof String text && !text.isBlank() ? text.strip() : null;
  }
}
