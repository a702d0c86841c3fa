package io.devstreams.hub.streams;

/**
 * The limits on new streams, validated once. Each defends the hub (and other users) against one
 * caller or one device taking everything.
 *
 * @param maxPerDevice {@value #MAX_PER_DEVICE} (default 64): streams to one device at once, pending
 *     or active
 * @param maxTotal {@value #MAX_TOTAL} (default 10000): streams on the hub at once, pending or
 *     active
 * @param maxPending {@value #MAX_PENDING} (default 10000): streams opened but not yet paired
 * @param ratePerIdentity {@value #RATE} (default 50): new streams per second per shared access
 *     policy, on average
 * @param burstPerIdentity {@value #BURST} (default 100): new streams one policy may ask for at once
 *     after a quiet spell
 */
public record StreamLimits(
    int maxPerDevice, int maxTotal, int maxPending, double ratePerIdentity, int burstPerIdentity) {

  /** Key of {@link #maxPerDevice()}. */
  public static final String MAX_PER_DEVICE = "devstreams.streams.max-per-device";

  /** Key of {@link #maxTotal()}. */
  public static final String MAX_TOTAL = "devstreams.streams.max-total";

  /** Key of {@link #maxPending()}. */
  public static final String MAX_PENDING = "devstreams.streams.max-pending";

  /** Key of {@link #ratePerIdentity()}. */
  public static final String RATE = "devstreams.streams.rate-per-identity";

  /** Key of {@link #burstPerIdentity()}. */
  public static final String BURST = "devstreams.streams.burst-per-identity";

  /** Checks that every limit allows at least one stream. */
  public StreamLimits {
    requireAtLeastOne(maxPerDevice, MAX_PER_DEVICE);
    requireAtLeastOne(maxTotal, MAX_TOTAL);
    requireAtLeastOne(maxPending, MAX_PENDING);
    requireAtLeastOne(burstPerIdentity, BURST);
    if (!(ratePerIdentity > 0) || Double.isInfinite(ratePerIdentity)) {
      throw new IllegalArgumentException(
          RATE + " must be a positive number, got " + ratePerIdentity);
    }
  }

  /** Returns the defaults. */
  public static StreamLimits defaults() {
    return new StreamLimits(64, 10_000, 10_000, 50, 100);
  }

  private static void requireAtLeastOne(int value, String key) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, got " + value);
    }
  }
}
