package io.devstreams.hub.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per identity (a shared access policy): {@code burst} tokens, refilled at {@code
 * rate} per second; a new stream takes one. Identities are authenticated policy names, so the map
 * holds at most one bucket per policy.
 */
final class RateLimiter {

  private final double rate;
  private final int burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(double rate, int burst) {
    this.rate = rate;
    this.burst = burst;
  }

  /** Takes a token for {@code identity}; returns zero, or how long until one is available. */
  Duration acquire(String identity, Instant now) {
    return buckets.computeIfAbsent(identity, k -> new Bucket(burst, now)).take(now, rate, burst);
  }

  /** A bucket's tokens as of a time; changed only under its monitor. */
  private static final class Bucket {
    private double tokens;
    private Instant at;

    Bucket(int burst, Instant now) {
      this.tokens = burst;
      this.at = now;
    }

    synchronized Duration take(Instant now, double rate, int burst) {
      if (now.isAfter(at)) {
        double seconds = Duration.between(at, now).toNanos() / 1e9;
        tokens = Math.min(burst, tokens + seconds * rate);
        at = now;
      }
      if (tokens >= 1) {
        tokens -= 1;
        return Duration.ZERO;
      }
      return Duration.ofNanos((long) Math.ceil((1 - tokens) / rate * 1e9));
    }
  }
}
