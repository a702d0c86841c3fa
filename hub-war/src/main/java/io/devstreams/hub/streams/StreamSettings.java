package io.devstreams.hub.streams;

import java.time.Duration;
import java.util.Objects;

/**
 * The streaming endpoint's settings, validated once; the broker reads them from MicroProfile Config
 * under the keys named here.
 *
 * @param pingInterval {@value #PING_INTERVAL} (default {@code PT20S}): a side the hub has heard
 *     nothing from for this long is pinged
 * @param idleTimeout {@value #IDLE_TIMEOUT} (default {@code PT60S}): a stream with a side silent
 *     for this long is closed with 4006
 * @param closeGrace {@value #CLOSE_GRACE} (default {@code PT5S}): how long a closing connection may
 *     take to finish its close handshake before it is dropped
 * @param maxPending {@value #MAX_PENDING} (default 10000): streams opened but not yet paired
 */
public record StreamSettings(
    Duration pingInterval, Duration idleTimeout, Duration closeGrace, int maxPending) {

  /** Key of {@link #pingInterval()}. */
  public static final String PING_INTERVAL = "devstreams.streams.ping-interval";

  /** Key of {@link #idleTimeout()}. */
  public static final String IDLE_TIMEOUT = "devstreams.streams.idle-timeout";

  /** Key of {@link #closeGrace()}. */
  public static final String CLOSE_GRACE = "devstreams.streams.close-grace";

  /** Key of {@link #maxPending()}. */
  public static final String MAX_PENDING = "devstreams.streams.max-pending";

  /** Checks that the durations are positive, the ping comes before the timeout, the max is 1+. */
  public StreamSettings {
    requirePositive(pingInterval, PING_INTERVAL);
    requirePositive(idleTimeout, IDLE_TIMEOUT);
    requirePositive(closeGrace, CLOSE_GRACE);
    if (pingInterval.compareTo(idleTimeout) >= 0) {
      throw new IllegalArgumentException(
          PING_INTERVAL
              + " ("
              + pingInterval
              + ") must be shorter than "
              + IDLE_TIMEOUT
              + " ("
              + idleTimeout
              + ")");
    }
    if (maxPending < 1) {
      throw new IllegalArgumentException(MAX_PENDING + " must be at least 1, got " + maxPending);
    }
  }

  /** Returns the defaults. */
  public static StreamSettings defaults() {
    return new StreamSettings(
        Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(5), 10_000);
  }

  private static void requirePositive(Duration value, String key) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, got " + value);
    }
  }
}
