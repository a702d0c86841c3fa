package io.devstreams.hub.api.console;

import io.devstreams.hub.errors.HubException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads the console API's query parameters, each bad one a 400 naming it. */
final class ConsoleParams {

  private ConsoleParams() {}

  /**
   * Returns {@code top} as a whole number, or {@code otherwise} when absent.
   *
   * @throws HubException BAD_REQUEST if it is not a whole number
   */
  static int top(String top, int otherwise) {
    if (top == null || top.isBlank()) {
      return otherwise;
    }
    try {
      return Integer.parseInt(top.strip());
    } catch (NumberFormatException e) {
      throw HubException.badRequest("top must be a whole number (got '" + top + "')");
    }
  }

  /**
   * Returns a time parameter, or null when absent.
   *
   * @throws HubException BAD_REQUEST if it is not an ISO-8601 instant
   */
  static Instant time(String name, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw HubException.badRequest(
          name + " must be an ISO-8601 time such as 2026-01-31T12:00:00Z (got '" + value + "')");
    }
  }
}
