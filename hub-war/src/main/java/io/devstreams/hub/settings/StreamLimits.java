package io.devstreams.hub.settings;

import java.util.List;

/**
 * The limits on new streams, validated once. Each defends the hub (and other users) against one
 * caller or one device taking everything. {@link #SETTINGS} gives each key's default and meaning.
 *
 * @param maxPerDevice streams to one device at once, pending or active
 * @param maxTotal streams on the hub at once, pending or active
 * @param maxPending streams opened but not yet paired
 * @param ratePerIdentity new streams per second per shared access policy, on average
 * @param burstPerIdentity new streams one policy may ask for at once after a quiet spell
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

  /** These settings' keys, defaults and meanings. */
  static final List<Setting> SETTINGS =
      List.of(
          Setting.of(RATE, "50", "new streams per second per shared access policy (token bucket)"),
          Setting.of(
              BURST, "100", "new streams one policy may ask for at once after a quiet spell"),
          Setting.of(MAX_PER_DEVICE, "64", "streams to one device at once, pending or active"),
          Setting.of(MAX_TOTAL, "10000", "streams on the hub at once, pending or active"),
          Setting.of(MAX_PENDING, "10000", "streams waiting for their sides to join"));

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

  /** Reads and checks these settings. */
  static StreamLimits read(SettingsReader r) {
    return new StreamLimits(
        r.integer(MAX_PER_DEVICE),
        r.integer(MAX_TOTAL),
        r.integer(MAX_PENDING),
        r.decimal(RATE),
        r.integer(BURST));
  }

  /** Returns the defaults. */
  public static StreamLimits defaults() {
    return read(SettingsReader.DEFAULTS);
  }

  private static void requireAtLeastOne(int value, String key) {
    if (value < 1) {
      throw new IllegalArgumentException(key + " must be at least 1, got " + value);
    }
  }
}
