package io.devstreams.hub.api;

import io.devstreams.hub.errors.HubException;
import java.time.Duration;

/** Parses Azure's {@code iothub-streaming-*-timeout-in-seconds} request headers. */
final class TimeoutHeader {
  private TimeoutHeader() {}

  /**
   * Returns the header's value in seconds, or {@code fallback} when absent; a value that is not a
   * whole number of seconds within bounds is a 400 naming the header.
   */
  static Duration parse(
      String name, String value, Duration fallback, Duration max, boolean zeroOk) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String v = value.trim();
    long seconds;
    try {
      seconds = v.length() > 9 ? -1 : Long.parseLong(v);
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    long min = zeroOk ? 0 : 1;
    if (seconds < min || seconds > max.toSeconds()) {
      throw HubException.badRequest(
          name + " must be a whole number of seconds from " + min + " to " + max.toSeconds());
    }
    return Duration.ofSeconds(seconds);
  }
}
