package io.devstreams.device;

import io.devstreams.protocol.tunnel.Heartbeat;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of a {@link DeviceClient}, each with a default.
 *
 * @param tokenLifetime lifetime of the SAS token made for each connection attempt (default 1 h)
 * @param handshakeTimeout limit for one WebSocket opening handshake (default 30 s)
 * @param initialBackoff ceiling of the first reconnect delay (default 1 s)
 * @param maxBackoff largest reconnect delay (default 10 s: a device is back within seconds of the
 *     hub, and full jitter spreads a fleet's reconnects over those seconds)
 * @param stableAfter a connection up this long resets the backoff (default 30 s)
 * @param pingInterval how often the device pings the hub when it heard nothing; after three
 *     intervals without hearing from the hub it reconnects, and a stream gives up (default 20 s, as
 *     {@link io.devstreams.protocol.tunnel.Heartbeat#DEFAULT})
 */
public record DeviceClientOptions(
    Duration tokenLifetime,
    Duration handshakeTimeout,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration stableAfter,
    Duration pingInterval) {

  /**
   * Checks that every duration is positive.
   *
   * @throws IllegalArgumentException naming the bad setting
   */
  public DeviceClientOptions {
    requirePositive(tokenLifetime, "token lifetime");
    requirePositive(handshakeTimeout, "handshake timeout");
    requirePositive(initialBackoff, "initial backoff");
    requirePositive(maxBackoff, "maximum backoff");
    requirePositive(stableAfter, "stable connection time");
    requirePositive(pingInterval, "ping interval");
  }

  /**
   * Returns the defaults: 1 h tokens, 30 s handshakes, backoff 1-10 s reset after 30 s, 20 s pings.
   */
  public static DeviceClientOptions defaults() {
    return new DeviceClientOptions(
        Duration.ofHours(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Heartbeat.DEFAULT.interval());
  }

  /** Returns a copy with other backoff settings. */
  public DeviceClientOptions withBackoff(Duration initial, Duration max, Duration stable) {
    return new DeviceClientOptions(
        tokenLifetime, handshakeTimeout, initial, max, stable, pingInterval);
  }

  /** Returns a copy with another ping interval. */
  public DeviceClientOptions withPingInterval(Duration interval) {
    return new DeviceClientOptions(
        tokenLifetime, handshakeTimeout, initialBackoff, maxBackoff, stableAfter, interval);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
