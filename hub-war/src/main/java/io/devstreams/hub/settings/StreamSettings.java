package io.devstreams.hub.settings;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of the hub's streams, validated once: the one object that admission, pairing and
 * their sweep are made from. {@link #SETTINGS} gives each key's default and meaning.
 *
 * @param pingInterval a side the hub has heard nothing from for this long is pinged
 * @param idleTimeout a stream with a side silent for this long is closed with 4006
 * @param closeGrace how long a closing connection may take to finish its close handshake before it
 *     is dropped
 * @param shutdownGrace how long active streams may run on once the hub stops taking new ones
 *     (SIGTERM); zero cuts them at once
 * @param limits the limits on new streams
 */
public record StreamSettings(
    Duration pingInterval,
    Duration idleTimeout,
    Duration closeGrace,
    Duration shutdownGrace,
    StreamLimits limits) {

  /** Key of {@link #pingInterval()}. */
  public static final String PING_INTERVAL = "devstreams.streams.ping-interval";

  /** Key of {@link #idleTimeout()}. */
  public static final String IDLE_TIMEOUT = "devstreams.streams.idle-timeout";

  /** Key of {@link #closeGrace()}. */
  public static final String CLOSE_GRACE = "devstreams.streams.close-grace";

  /** Key of {@link #shutdownGrace()}. */
  public static final String SHUTDOWN_GRACE = "devstreams.shutdown.grace";

  /** These settings' keys, defaults and meanings (the limits' come with {@link StreamLimits}). */
  static final List<Setting> SETTINGS =
      List.of(
          Setting.of(
              PING_INTERVAL, "PT20S", "a stream's side the hub has heard nothing from is pinged"),
          Setting.of(
              IDLE_TIMEOUT,
              "PT60S",
              "a stream with a side silent this long (no byte, no pong, nothing held back) is"
                  + " closed with 4006"),
          Setting.of(
              CLOSE_GRACE,
              "PT5S",
              "time a closing connection has to finish its close handshake before it is dropped"),
          Setting.of(
              SHUTDOWN_GRACE,
              "PT20S",
              "time active streams may run on after a SIGTERM before they are closed with 4007"));

  /**
   * Checks that the durations are positive (the shutdown grace may be zero), ping before timeout.
   */
  public StreamSettings {
    requirePositive(pingInterval, PING_INTERVAL);
    requirePositive(idleTimeout, IDLE_TIMEOUT);
    requirePositive(closeGrace, CLOSE_GRACE);
    Objects.requireNonNull(shutdownGrace, SHUTDOWN_GRACE);
    Objects.requireNonNull(limits, "limits");
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
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException(
          SHUTDOWN_GRACE + " must not be negative, got " + shutdownGrace);
    }
  }

  /** Reads and checks these settings and the limits. */
  static StreamSettings read(SettingsReader r) {
    return new StreamSettings(
        r.duration(PING_INTERVAL),
        r.duration(IDLE_TIMEOUT),
        r.duration(CLOSE_GRACE),
        r.duration(SHUTDOWN_GRACE),
        StreamLimits.read(r));
  }

  /** Returns the defaults. */
  public static StreamSettings defaults() {
    return read(SettingsReader.DEFAULTS);
  }

  /** Returns these settings with another shutdown grace. */
  public StreamSettings withShutdownGrace(Duration grace) {
    return new StreamSettings(pingInterval, idleTimeout, closeGrace, grace, limits);
  }

  /** Returns these settings with other limits. */
  public StreamSettings withLimits(StreamLimits newLimits) {
    return new StreamSettings(pingInterval, idleTimeout, closeGrace, shutdownGrace, newLimits);
  }

  private static void requirePositive(Duration value, String key) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, got " + value);
    }
  }
}
