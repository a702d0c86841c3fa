package io.devstreams.hub.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Control-channel and stream-initiation settings: one documented MicroProfile Config key per
 * getter, each with its default.
 */
@ApplicationScoped
public class ControlSettings {

  /** How often the hub pings each control channel; default {@code PT20S}. */
  public static final String PING_INTERVAL = "devstreams.control.ping-interval";

  /**
   * A channel silent (no pong, no message) this long is closed with 4006; default {@code PT60S}.
   */
  public static final String HEARTBEAT_TIMEOUT = "devstreams.control.heartbeat-timeout";

  /** Wait for an offline device when the request names no connect timeout; default {@code PT0S}. */
  public static final String CONNECT_TIMEOUT_DEFAULT = "devstreams.streams.connect-timeout";

  /** Longest connect timeout a request may ask for; default {@code PT300S}. */
  public static final String CONNECT_TIMEOUT_MAX = "devstreams.streams.connect-timeout-max";

  /** Time a device has to answer when the request names none; default {@code PT30S}. */
  public static final String RESPONSE_TIMEOUT_DEFAULT = "devstreams.streams.response-timeout";

  /** Longest response timeout a request may ask for; default {@code PT300S}. */
  public static final String RESPONSE_TIMEOUT_MAX = "devstreams.streams.response-timeout-max";

  /** Time both sides have to join an accepted stream; default {@code PT30S}. */
  public static final String HANDSHAKE_TIMEOUT = "devstreams.streams.handshake-timeout";

  @Inject
  @ConfigProperty(name = PING_INTERVAL, defaultValue = "PT20S")
  Duration pingInterval;

  @Inject
  @ConfigProperty(name = HEARTBEAT_TIMEOUT, defaultValue = "PT60S")
  Duration heartbeatTimeout;

  @Inject
  @ConfigProperty(name = CONNECT_TIMEOUT_DEFAULT, defaultValue = "PT0S")
  Duration connectTimeout;

  @Inject
  @ConfigProperty(name = CONNECT_TIMEOUT_MAX, defaultValue = "PT300S")
  Duration connectTimeoutMax;

  @Inject
  @ConfigProperty(name = RESPONSE_TIMEOUT_DEFAULT, defaultValue = "PT30S")
  Duration responseTimeout;

  @Inject
  @ConfigProperty(name = RESPONSE_TIMEOUT_MAX, defaultValue = "PT300S")
  Duration responseTimeoutMax;

  @Inject
  @ConfigProperty(name = HANDSHAKE_TIMEOUT, defaultValue = "PT30S")
  Duration handshakeTimeout;

  /** The settings as a plain value, for services and unit tests. */
  public Values values() {
    return new Values(
        pingInterval,
        heartbeatTimeout,
        connectTimeout,
        connectTimeoutMax,
        responseTimeout,
        responseTimeoutMax,
        handshakeTimeout);
  }

  /** The control settings as an immutable, validated value. */
  public record Values(
      Duration pingInterval,
      Duration heartbeatTimeout,
      Duration connectTimeout,
      Duration connectTimeoutMax,
      Duration responseTimeout,
      Duration responseTimeoutMax,
      Duration handshakeTimeout) {

    /** Checks that every duration is sensible. */
    public Values {
      requirePositive(PING_INTERVAL, pingInterval);
      requirePositive(HEARTBEAT_TIMEOUT, heartbeatTimeout);
      requirePositive(CONNECT_TIMEOUT_MAX, connectTimeoutMax);
      requirePositive(RESPONSE_TIMEOUT_MAX, responseTimeoutMax);
      requirePositive(HANDSHAKE_TIMEOUT, handshakeTimeout);
      if (connectTimeout.isNegative() || connectTimeout.compareTo(connectTimeoutMax) > 0) {
        throw new IllegalArgumentException(
            CONNECT_TIMEOUT_DEFAULT + " must be 0.." + connectTimeoutMax);
      }
      if ((responseTimeout.isNegative() || responseTimeout.isZero())
          || responseTimeout.compareTo(responseTimeoutMax) > 0) {
        throw new IllegalArgumentException(
            RESPONSE_TIMEOUT_DEFAULT + " must be 1s.." + responseTimeoutMax);
      }
      if (heartbeatTimeout.compareTo(pingInterval) <= 0) {
        throw new IllegalArgumentException(
            HEARTBEAT_TIMEOUT + " must be longer than " + PING_INTERVAL);
      }
    }

    private static void requirePositive(String key, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(key + " must be a positive duration");
      }
    }
  }
}
