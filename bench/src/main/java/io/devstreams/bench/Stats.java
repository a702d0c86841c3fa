package io.devstreams.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** Percentiles (nearest rank) of a set of durations in nanoseconds; the median of a few rates. */
final class Stats {

  /** The median of {@code values} (the upper one of an even count); NaN if there are none. */
  static double median(Collection<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[v.length / 2];
  }

  private final long[] sorted;

  Stats(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    sorted = nanos.clone();
    Arrays.sort(sorted);
  }

  int count() {
    return sorted.length;
  }

  /** The nearest-rank percentile {@code p} (0 to 100), in nanoseconds. */
  long percentile(double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  long max() {
    return sorted[sorted.length - 1];
  }

  double mean() {
    double sum = 0;
    for (long v : sorted) {
      sum += v;
    }
    return sum / sorted.length;
  }

  /** The usual summary in milliseconds, for the JSON. */
  Map<String, Object> summaryMillis() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", sorted.length);
    m.put("p50Ms", percentile(50) / 1e6);
    m.put("p90Ms", percentile(90) / 1e6);
    m.put("p99Ms", percentile(99) / 1e6);
    m.put("p999Ms", percentile(99.9) / 1e6);
    m.put("maxMs", max() / 1e6);
    m.put("meanMs", mean() / 1e6);
    return m;
  }
}
