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
    Duration pingInterval,
    int protocol) {

  /** The protocol a client speaks unless told otherwise: v2, every stream on one connection. */
  public static final int DEFAULT_PROTOCOL = 2;

  /** Creates options speaking {@link #DEFAULT_PROTOCOL}. */
  public DeviceClientOptions(
      Duration tokenLifetime,
      Duration handshakeTimeout,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration stableAfter,
      Duration pingInterval) {
    this(
        tokenLifetime,
        handshakeTimeout,
        initialBackoff,
        maxBackoff,
        stableAfter,
        pingInterval,
        DEFAULT_PROTOCOL);
  }

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
    if (protocol != 1 && protocol != 2) {
      throw new IllegalArgumentException("protocol must be 1 or 2 (got " + protocol + ")");
    }
  }

  /**
   * Returns a copy speaking protocol {@code version} (1: a WebSocket per stream; 2: one for all).
   */
  public DeviceClientOptions withProtocol(int version) {
    return new DeviceClientOptions(
        tokenLifetime,
        handshakeTimeout,
        initialBackoff,
        maxBackoff,
        stableAfter,
        pingInterval,
        version);
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
        tokenLifetime, handshakeTimeout, initial, max, stable, pingInterval, protocol);
  }

  /** Returns a copy with another ping interval. */
  public DeviceClientOptions withPingInterval(Duration interval) {
    return new DeviceClientOptions(
        tokenLifetime,
        handshakeTimeout,
        initialBackoff,
        maxBackoff,
        stableAfter,
        interval,
        protocol);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
