package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalsTest {

  @Test
  void writesWhatTheFormatterWrites() {
    double[] values = {
      0, -0.0, 0.04, 0.05, 0.15, 0.25, 0.95, 1, 9.95, 99.99, 1023.96, -1.25, -0.04
    };
    for (double v : values) {
      assertThat(Decimals.oneDecimal(v)).as("%s", v).isEqualTo(formatted(v));
    }
  }

  @Test
  void agreesWithTheFormatterOnDurationsAndSizes() {
    SplittableRandom random = new SplittableRandom(13);
    int differ = 0;
    for (int i = 0; i < 100_000; i++) {
      double v = i % 2 == 0 ? random.nextLong(0, 10_000_000) / 1000.0 : random.nextDouble(0, 1024);
      if (!Decimals.oneDecimal(v).equals(formatted(v))) {
        differ++;
      }
    }
    assertThat(differ).isZero();
  }

  private static String formatted(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
