package io.devstreams.protocol.tunnel;

import java.time.Duration;
import java.util.Map;

/** Reads a duration given in whole seconds (1 to 3600) from an environment variable. */
public final class EnvironmentSeconds {

  private EnvironmentSeconds() {}

  /**
   * Returns {@code env}'s {@code name} as a duration, or {@code fallback} if it is unset or blank.
   *
   * @throws IllegalArgumentException naming the variable if its value is not a whole number of
   *     seconds from 1 to 3600
   */
  public static Duration read(Map<String, String> env, String name, Duration fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long seconds = Long.parseLong(value.strip());
      if (seconds >= 1 && seconds <= 3600) {
        return Duration.ofSeconds(seconds);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be a whole number of seconds from 1 to 3600 (got '" + value + "')");
  }
}
