package io.devstreams.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Reconnect delays: exponential with full jitter (a uniformly random delay between zero and {@code
 * min(max, initial * 2^attempt)}, so that devices knocked off together do not return together),
 * starting over once a connection stayed up for {@code stableAfter}. Not thread-safe: one reconnect
 * loop owns it.
 */
public final class Backoff {

  private static final int MAX_EXPONENT = 30;

  private final long initialMillis;
  private final long maxMillis;
  private final Duration stableAfter;
  private final DoubleSupplier random;
  private final Clock clock;
  private int attempt;
  private Instant connectedAt;

  /**
   * Creates a backoff.
   *
   * @param initial the ceiling of the first delay
   * @param max the largest ceiling
   * @param stableAfter how long a connection must stay up for the delays to start over
   * @param random uniform values in {@code [0, 1)}
   * @param clock tells how long a connection stayed up
   * @throws IllegalArgumentException if a duration is not positive or {@code max < initial}
   */
  public Backoff(
      Duration initial, Duration max, Duration stableAfter, DoubleSupplier random, Clock clock) {
    requirePositive(initial, "initial backoff");
    requirePositive(max, "maximum backoff");
    requirePositive(stableAfter, "stable connection time");
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("maximum backoff is shorter than the initial backoff");
    }
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.stableAfter = stableAfter;
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Returns the delay before the next attempt and counts the attempt. */
  public Duration nextDelay() {
    long ceiling = ceilingMillis(attempt);
    if (attempt < MAX_EXPONENT) {
      attempt++;
    }
    double r = random.getAsDouble();
    return Duration.ofMillis((long) (Math.min(Math.max(r, 0), 1) * ceiling));
  }

  /** Returns the largest delay the next attempt may get. */
  public Duration nextCeiling() {
    return Duration.ofMillis(ceilingMillis(attempt));
  }

  /** Records that a connection was established now. */
  public void connected() {
    connectedAt = clock.instant();
  }

  /** Records that the connection ended now; the delays start over if it had stayed up long. */
  public void disconnected() {
    if (connectedAt != null
        && Duration.between(connectedAt, clock.instant()).compareTo(stableAfter) >= 0) {
      attempt = 0;
    }
    connectedAt = null;
  }

  private long ceilingMillis(int exponent) {
    long ceiling = initialMillis << Math.min(exponent, MAX_EXPONENT);
    return ceiling < initialMillis ? maxMillis : Math.min(ceiling, maxMillis);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
