package io.devstreams.protocol.tunnel;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client notices a hub that went silent (a stopped process, a link that drops packets): after
 * {@code interval} without hearing anything while it waits for the hub, the client pings; after
 * {@code timeout} it gives up on the connection with a clear reason.
 *
 * <p>The hub pings idle clients on its own schedule and answers their pings, so a live hub is
 * always heard within an interval plus a round trip. Time spent held back by the hub (a send that
 * has not completed because the far end reads slowly) does not count as silence: a slow reader is
 * not a dead one, and a dead link under a pending send is ended by TCP's retransmission timeout.
 *
 * @param interval quiet time before a ping
 * @param timeout quiet time before the connection is given up (at least twice the interval)
 */
public record Heartbeat(Duration interval, Duration timeout) {

  /**
   * Environment variable with the heartbeat interval in seconds, read by the CLIs and the agent
   * (see {@code io.devstreams.protocol.cli.HubAccess}).
   */
  public static final String ENV = "DEVSTREAMS_HEARTBEAT_SECONDS";

  /** 20 s pings, given up after 60 s: inside the 60 s idle timeouts of most proxies and NATs. */
  public static final Heartbeat DEFAULT = of(Duration.ofSeconds(20));

  /**
   * Checks the durations.
   *
   * @throws IllegalArgumentException if the interval is not positive or the timeout is shorter than
   *     twice the interval
   */
  public Heartbeat {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(timeout, "timeout");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("heartbeat interval must be positive");
    }
    if (timeout.compareTo(interval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("heartbeat timeout must be at least twice the interval");
    }
  }

  /** Returns a heartbeat that pings every {@code interval} and gives up after three. */
  public static Heartbeat of(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    return new Heartbeat(interval, interval.multipliedBy(3));
  }

  /** Returns the timeout in whole seconds, for messages. */
  public long timeoutSeconds() {
    return timeout.toSeconds();
  }
}
