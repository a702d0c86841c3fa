package io.devstreams.service;

import java.time.Duration;
import java.util.Optional;

/**
 * How long the hub may take to set up a stream, sent as Azure's {@code
 * iothub-streaming-*-timeout-in-seconds} request headers; an empty value leaves the hub's default.
 *
 * @param connectTimeout how long the hub waits for an offline device to come online (0 or more
 *     whole seconds), or null for the hub's default (0 s: an offline device fails at once)
 * @param responseTimeout how long a connected device has to accept or reject the stream (1 or more
 *     whole seconds), or null for the hub's default (30 s)
 */
public record StreamTimeouts(Duration connectTimeout, Duration responseTimeout) {

  /** The hub's own defaults: no timeout header is sent. */
  public static final StreamTimeouts HUB_DEFAULTS = new StreamTimeouts(null, null);

  /** The hub's default response timeout, assumed when none is given (to size the HTTP wait). */
  static final Duration HUB_DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Checks that each given timeout is a whole number of seconds, the connect timeout 0 or more and
   * the response timeout 1 or more.
   *
   * @throws IllegalArgumentException naming the bad timeout
   */
  public StreamTimeouts {
    check(connectTimeout, "connect timeout", 0);
    check(responseTimeout, "response timeout", 1);
  }

  /** Returns timeouts of whole seconds; a null leaves that one to the hub. */
  public static StreamTimeouts ofSeconds(Integer connectSeconds, Integer responseSeconds) {
    return new StreamTimeouts(
        connectSeconds == null ? null : Duration.ofSeconds(connectSeconds),
        responseSeconds == null ? null : Duration.ofSeconds(responseSeconds));
  }

  /** Returns the connect timeout, if one is given. */
  public Optional<Duration> connect() {
    return Optional.ofNullable(connectTimeout);
  }

  /** Returns the response timeout, if one is given. */
  public Optional<Duration> response() {
    return Optional.ofNullable(responseTimeout);
  }

  /** Returns the longest the hub may take before it answers: both timeouts added up. */
  Duration longestHubWait() {
    return connect().orElse(Duration.ZERO).plus(response().orElse(HUB_DEFAULT_RESPONSE_TIMEOUT));
  }

  private static void check(Duration timeout, String name, long minSeconds) {
    if (timeout == null) {
      return;
    }
    if (timeout.getNano() != 0 || timeout.getSeconds() < minSeconds) {
      throw new IllegalArgumentException(
          name + " must be a whole number of seconds, " + minSeconds + " or more");
    }
  }
}
