package io.devstreams.hub.metrics;

import java.util.regex.Pattern;

/**
 * Writes Prometheus' text exposition format (version 0.0.4): for each metric family a HELP and a
 * TYPE line, then its samples, label values escaped. Names and label names are checked, so a typo
 * fails in a unit test rather than in a scraper.
 */
final class PrometheusText {

  /** The content type Prometheus expects for this format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final StringBuilder out = new StringBuilder(4096);

  /** Starts a metric family: its HELP and TYPE lines. */
  PrometheusText family(String name, String type, String help) {
    out.append("# HELP ").append(checkName(name)).append(' ');
    out.append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  /** A sample without labels. */
  PrometheusText sample(String name, double value) {
    out.append(checkName(name)).append(' ').append(format(value)).append('\n');
    return this;
  }

  /** A sample with labels given as name, value, name, value... */
  PrometheusText sample(String name, double value, String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name/value pairs: " + labels.length);
    }
    out.append(checkName(name)).append('{');
    for (int i = 0; i < labels.length; i += 2) {
      if (!LABEL.matcher(labels[i]).matches()) {
        throw new IllegalArgumentException("not a label name: " + labels[i]);
      }
      out.append(i == 0 ? "" : ",").append(labels[i]).append("=\"");
      out.append(labels[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"));
      out.append('"');
    }
    out.append("} ").append(format(value)).append('\n');
    return this;
  }

  /** A one-sample gauge family. */
  PrometheusText gauge(String name, String help, double value) {
    return family(name, "gauge", help).sample(name, value);
  }

  /** A one-sample counter family; {@code name} ends in {@code _total}. */
  PrometheusText counter(String name, String help, double value) {
    return family(name, "counter", help).sample(name, value);
  }

  /** A histogram family: its cumulative buckets (le), +Inf, the sum and the count. */
  PrometheusText histogram(String name, String help, Histogram.Snapshot snapshot) {
    family(name, "histogram", help);
    for (int i = 0; i < snapshot.bounds().length; i++) {
      sample(name + "_bucket", snapshot.cumulative()[i], "le", format(snapshot.bounds()[i]));
    }
    sample(name + "_bucket", snapshot.count(), "le", "+Inf");
    sample(name + "_sum", snapshot.sum());
    return sample(name + "_count", snapshot.count());
  }

  /** Returns the text written so far. */
  String text() {
    return out.toString();
  }

  private static String checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a metric name: " + name);
    }
    return name;
  }

  /** Integers without a decimal point, others as Java writes doubles (Prometheus reads both). */
  static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }
}
