package io.devstreams.hub.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram of durations in seconds with fixed upper bounds: one counter per bucket,
 * the count and the sum. Thread-safe and lock-free; {@link #snapshot} gives cumulative counts.
 */
final class Histogram {

  private final double[] bounds;
  private final LongAdder[] buckets;
  private final LongAdder count = new LongAdder();
  private final DoubleAdder sum = new DoubleAdder();

  /** The counts at one moment: cumulative per bound (le), then the total count and the sum. */
  record Snapshot(double[] bounds, long[] cumulative, long count, double sum) {}

  /** Creates a histogram with these upper bounds, which must be positive and increasing. */
  Histogram(double... bounds) {
    if (bounds.length == 0) {
      throw new IllegalArgumentException("a histogram needs at least one bucket");
    }
    for (int i = 0; i < bounds.length; i++) {
      if (!(bounds[i] > 0) || (i > 0 && !(bounds[i] > bounds[i - 1]))) {
        throw new IllegalArgumentException(
            "bucket bounds must be positive and increasing: " + Arrays.toString(bounds));
      }
    }
    this.bounds = bounds.clone();
    this.buckets = new LongAdder[bounds.length];
    Arrays.setAll(buckets, i -> new LongAdder());
  }

  /** Counts one observation of {@code seconds} (negative ones count as zero). */
  void observe(double seconds) {
    double value = Math.max(0, seconds);
    int i = Arrays.binarySearch(bounds, value);
    int bucket = i >= 0 ? i : -i - 1; // the first bound at or above the value
    if (bucket < buckets.length) {
      buckets[bucket].increment();
    }
    count.increment();
    sum.add(value);
  }

  /** Returns the cumulative bucket counts, the count and the sum. */
  Snapshot snapshot() {
    long total = count.sum();
    long[] cumulative = new long[bounds.length];
    long running = 0;
    for (int i = 0; i < bounds.length; i++) {
      running += buckets[i].sum();
      cumulative[i] =
          Math.min(running, total); // an observation counted in a bucket, not yet in all
    }
    return new Snapshot(bounds.clone(), cumulative, total, sum.sum());
  }
}
