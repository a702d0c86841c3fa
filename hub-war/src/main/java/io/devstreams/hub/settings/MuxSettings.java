package io.devstreams.hub.settings;

import io.devstreams.protocol.mux.MuxFrames;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The hub's settings for v2 connections, validated once. {@link #SETTINGS} gives each key's default
 * and meaning.
 *
 * @param streamWindow bytes a client may send on one stream before the hub grants more
 * @param connectionWindow bytes a client may send on all its streams together before the hub grants
 *     more: what the hub holds at most for one connection's direction
 * @param maxPendingOpens opens one connection may have waiting for an answer
 * @param maxStreams streams one connection may have open
 * @param pingInterval quiet time before the hub pings a service connection
 * @param heartbeatTimeout quiet time before the hub gives a service connection up (4006)
 */
public record MuxSettings(
    long streamWindow,
    long connectionWindow,
    int maxPendingOpens,
    int maxStreams,
    Duration pingInterval,
    Duration heartbeatTimeout) {

  /** Key of {@link #streamWindow()}, in bytes. */
  public static final String STREAM_WINDOW = "devstreams.v2.stream-window";

  /** Key of {@link #connectionWindow()}, in bytes. */
  public static final String CONNECTION_WINDOW = "devstreams.v2.connection-window";

  /** Key of {@link #maxPendingOpens()}. */
  public static final String MAX_PENDING_OPENS = "devstreams.v2.max-pending-opens";

  /** Key of {@link #maxStreams()}. */
  public static final String MAX_STREAMS = "devstreams.v2.max-streams-per-connection";

  /** Key of {@link #pingInterval()}, an ISO-8601 duration. */
  public static final String PING_INTERVAL = "devstreams.v2.ping-interval";

  /** Key of {@link #heartbeatTimeout()}, an ISO-8601 duration. */
  public static final String HEARTBEAT_TIMEOUT = "devstreams.v2.heartbeat-timeout";

  /** These settings' keys, defaults and meanings. */
  static final List<Setting> SETTINGS =
      List.of(
          Setting.of(
              STREAM_WINDOW,
              "4194304",
              "bytes a client may send on one v2 stream before the hub grants more"),
          Setting.of(
              CONNECTION_WINDOW,
              "16777216",
              "bytes a client may send on all its v2 streams together: what the hub holds at most"
                  + " for one connection's direction"),
          Setting.of(
              MAX_PENDING_OPENS, "256", "opens one v2 connection may have waiting for an answer"),
          Setting.of(MAX_STREAMS, "10000", "streams one v2 connection may have open"),
          Setting.of(
              PING_INTERVAL, "PT20S", "quiet time before the hub pings a v2 service connection"),
          Setting.of(
              HEARTBEAT_TIMEOUT,
              "PT60S",
              "quiet time before the hub gives a v2 service connection up (4006)"));

  /** Reads and checks these settings. */
  static MuxSettings read(SettingsReader r) {
    return new MuxSettings(
        r.longInteger(STREAM_WINDOW),
        r.longInteger(CONNECTION_WINDOW),
        r.integer(MAX_PENDING_OPENS),
        r.integer(MAX_STREAMS),
        r.duration(PING_INTERVAL),
        r.duration(HEARTBEAT_TIMEOUT));
  }

  /** Returns the defaults. */
  public static MuxSettings defaults() {
    return read(SettingsReader.DEFAULTS);
  }

  /**
   * Checks every value.
   *
   * @throws IllegalArgumentException naming the key of the first bad value
   */
  public MuxSettings {
    window(STREAM_WINDOW, streamWindow);
    window(CONNECTION_WINDOW, connectionWindow);
    if (maxPendingOpens < 1) {
      throw new IllegalArgumentException(
          MAX_PENDING_OPENS + " must be at least 1 (got '" + maxPendingOpens + "')");
    }
    if (maxStreams < 1) {
      throw new IllegalArgumentException(
          MAX_STREAMS + " must be at least 1 (got '" + maxStreams + "')");
    }
    Objects.requireNonNull(pingInterval, "pingInterval");
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    if (pingInterval.isNegative() || pingInterval.isZero()) {
      throw new IllegalArgumentException(
          PING_INTERVAL + " must be a positive ISO-8601 duration (got '" + pingInterval + "')");
    }
    if (heartbeatTimeout.compareTo(pingInterval) <= 0) {
      throw new IllegalArgumentException(
          HEARTBEAT_TIMEOUT
              + " must be longer than "
              + PING_INTERVAL
              + " ("
              + pingInterval
              + ") (got '"
              + heartbeatTimeout
              + "')");
    }
  }

  private static void window(String key, long value) {
    if (value < MuxFrames.MAX_PAYLOAD || value > MuxFrames.MAX_WINDOW) {
      throw new IllegalArgumentException(
          key
              + " must be from "
              + MuxFrames.MAX_PAYLOAD
              + " to "
              + MuxFrames.MAX_WINDOW
              + " bytes (got '"
              + value
              + "')");
    }
  }
}
