package io.devstreams.hub.settings;

import java.time.Duration;
import java.util.List;

/**
 * Control-channel and stream-initiation settings, validated once. {@link #SETTINGS} gives each
 * key's default and meaning.
 *
 * @param pingInterval how often the hub pings each control channel
 * @param heartbeatTimeout a channel silent (no pong, no message) this long is closed with 4006
 * @param connectTimeout wait for an offline device when a request names no connect timeout
 * @param connectTimeoutMax the longest connect timeout a request may ask for
 * @param responseTimeout time a device has to answer when the request names none
 * @param responseTimeoutMax the longest response timeout a request may ask for
 * @param handshakeTimeout time both sides have to join an accepted stream
 */
public record ControlSettings(
    Duration pingInterval,
    Duration heartbeatTimeout,
    Duration connectTimeout,
    Duration connectTimeoutMax,
    Duration responseTimeout,
    Duration responseTimeoutMax,
    Duration handshakeTimeout) {

  /** Key of {@link #pingInterval()}. */
  public static final String PING_INTERVAL = "devstreams.control.ping-interval";

  /** Key of {@link #heartbeatTimeout()}. */
  public static final String HEARTBEAT_TIMEOUT = "devstreams.control.heartbeat-timeout";

  /** Key of {@link #connectTimeout()}. */
  public static final String CONNECT_TIMEOUT_DEFAULT = "devstreams.streams.connect-timeout";

  /** Key of {@link #connectTimeoutMax()}. */
  public static final String CONNECT_TIMEOUT_MAX = "devstreams.streams.connect-timeout-max";

  /** Key of {@link #responseTimeout()}. */
  public static final String RESPONSE_TIMEOUT_DEFAULT = "devstreams.streams.response-timeout";

  /** Key of {@link #responseTimeoutMax()}. */
  public static final String RESPONSE_TIMEOUT_MAX = "devstreams.streams.response-timeout-max";

  /** Key of {@link #handshakeTimeout()}. */
  public static final String HANDSHAKE_TIMEOUT = "devstreams.streams.handshake-timeout";

  /** These settings' keys, defaults and meanings. */
  static final List<Setting> SETTINGS =
      List.of(
          Setting.of(
              PING_INTERVAL, "PT20S", "how often the hub pings each device's control channel"),
          Setting.of(
              HEARTBEAT_TIMEOUT,
              "PT60S",
              "a control channel silent this long is closed (4006) and its device marked"
                  + " Disconnected; longer than the ping interval"),
          Setting.of(
              CONNECT_TIMEOUT_DEFAULT,
              "PT0S",
              "how long a stream request waits for an offline device when it names no"
                  + " `connectTimeoutInSeconds`"),
          Setting.of(
              CONNECT_TIMEOUT_MAX, "PT300S", "the longest connect timeout a request may ask"),
          Setting.of(
              RESPONSE_TIMEOUT_DEFAULT,
              "PT30S",
              "time a device has to answer a stream request that names no"
                  + " `responseTimeoutInSeconds`"),
          Setting.of(
              RESPONSE_TIMEOUT_MAX, "PT300S", "the longest response timeout a request may ask"),
          Setting.of(
              HANDSHAKE_TIMEOUT, "PT30S", "time both sides have to join an accepted stream"));

  /** Checks that every duration is sensible, naming the key of the first that is not. */
  public ControlSettings {
    requirePositive(PING_INTERVAL, pingInterval);
    requirePositive(HEARTBEAT_TIMEOUT, heartbeatTimeout);
    requirePositive(CONNECT_TIMEOUT_MAX, connectTimeoutMax);
    requirePositive(RESPONSE_TIMEOUT_MAX, responseTimeoutMax);
    requirePositive(HANDSHAKE_TIMEOUT, handshakeTimeout);
    if (connectTimeout.isNegative() || connectTimeout.compareTo(connectTimeoutMax) > 0) {
      throw new IllegalArgumentException(
          CONNECT_TIMEOUT_DEFAULT
              + " must be from PT0S to "
              + CONNECT_TIMEOUT_MAX
              + " ("
              + connectTimeoutMax
              + ") (got '"
              + connectTimeout
              + "')");
    }
    if (responseTimeout.isNegative()
        || responseTimeout.isZero()
        || responseTimeout.compareTo(responseTimeoutMax) > 0) {
      throw new IllegalArgumentException(
          RESPONSE_TIMEOUT_DEFAULT
              + " must be positive and at most "
              + RESPONSE_TIMEOUT_MAX
              + " ("
              + responseTimeoutMax
              + ") (got '"
              + responseTimeout
              + "')");
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

  /** Reads and checks these settings. */
  static ControlSettings read(SettingsReader r) {
    return new ControlSettings(
        r.duration(PING_INTERVAL),
        r.duration(HEARTBEAT_TIMEOUT),
        r.duration(CONNECT_TIMEOUT_DEFAULT),
        r.duration(CONNECT_TIMEOUT_MAX),
        r.duration(RESPONSE_TIMEOUT_DEFAULT),
        r.duration(RESPONSE_TIMEOUT_MAX),
        r.duration(HANDSHAKE_TIMEOUT));
  }

  /** Returns the defaults. */
  public static ControlSettings defaults() {
    return read(SettingsReader.DEFAULTS);
  }

  private static void requirePositive(String key, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(
          key + " must be a positive ISO-8601 duration (got '" + d + "')");
    }
  }
}
