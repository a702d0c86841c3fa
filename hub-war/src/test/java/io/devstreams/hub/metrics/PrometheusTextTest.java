package io.devstreams.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void writesHelpTypeAndSamplesWithEscapedLabelValues() {
    String text =
        new PrometheusText()
            .family("x_total", "counter", "Things\\counted\nhere")
            .sample("x_total", 3, "reason", "a\"b\\c\nd")
            .gauge("y", "A gauge", 0.25)
            .text();

    assertThat(text)
        .isEqualTo(
            "# HELP x_total Things\\\\counted\\nhere\n"
                + "# TYPE x_total counter\n"
                + "x_total{reason=\"a\\\"b\\\\c\\nd\"} 3\n"
                + "# HELP y A gauge\n"
                + "# TYPE y gauge\n"
                + "y 0.25\n");
  }

  @Test
  void writesAHistogramAsCumulativeBucketsThenSumAndCount() {
    Histogram h = new Histogram(0.5, 2.5);
    h.observe(0.1);
    h.observe(1);
    h.observe(9);

    String text = new PrometheusText().histogram("s_seconds", "Set-up", h.snapshot()).text();

    assertThat(text)
        .contains(
            "# TYPE s_seconds histogram\n"
                + "s_seconds_bucket{le=\"0.5\"} 1\n"
                + "s_seconds_bucket{le=\"2.5\"} 2\n"
                + "s_seconds_bucket{le=\"+Inf\"} 3\n"
                + "s_seconds_sum 10.1\n"
                + "s_seconds_count 3\n");
  }

  @Test
  void refusesNamesAndLabelsPrometheusWouldNotRead() {
    assertThatThrownBy(() -> new PrometheusText().sample("bad-name", 1))
        .hasMessageContaining("not a metric name");
    assertThatThrownBy(() -> new PrometheusText().sample("ok", 1, "bad-label", "v"))
        .hasMessageContaining("not a label name");
    assertThatThrownBy(() -> new PrometheusText().sample("ok", 1, "odd"))
        .hasMessageContaining("pairs");
  }

  @Test
  void formatsIntegersWithoutAPointAndInfinitiesAsPrometheusDoes() {
    assertThat(PrometheusText.format(42)).isEqualTo("42");
    assertThat(PrometheusText.format(0.005)).isEqualTo("0.005");
    assertThat(PrometheusText.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(PrometheusText.format(Double.NaN)).isEqualTo("NaN");
  }
}
