package io.devstreams.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistogramTest {

  @Test
  void countsEachObservationInTheFirstBucketAtOrAboveItCumulatively() {
    Histogram h = new Histogram(0.1, 1, 10);

    h.observe(0.05);
    h.observe(0.1);
    h.observe(0.5);
    h.observe(20);

    Histogram.Snapshot s = h.snapshot();
    assertThat(s.cumulative()).containsExactly(2, 3, 3);
    assertThat(s.count()).isEqualTo(4);
    assertThat(s.sum()).isCloseTo(20.65, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aNegativeObservationCountsAsZero() {
    Histogram h = new Histogram(1);

    h.observe(-3);

    assertThat(h.snapshot().cumulative()).containsExactly(1);
    assertThat(h.snapshot().sum()).isZero();
  }

  @Test
  void boundsMustBePositiveAndIncreasing() {
    assertThatThrownBy(Histogram::new).hasMessageContaining("at least one bucket");
    assertThatThrownBy(() -> new Histogram(1, 1)).hasMessageContaining("increasing");
    assertThatThrownBy(() -> new Histogram(0, 1)).hasMessageContaining("positive");
  }
}
