package io.devstreams.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What every case shares during one run: the settings, the routes and the endpoints file they came
 * from, the {@code /proc} reader, and where results go (the table's rows, the JSON details, the
 * problems that make the run fail, the progress log).
 */
final class Run {

  final Settings settings;
  final Properties endpoints;
  final Map<String, Route> routes;
  final Proc proc;
  final Report report = new Report();
  final Map<String, Object> details = new LinkedHashMap<>();
  final List<String> problems = new ArrayList<>();

  /** Figures the target rows are built from: figure name, then route name, then value. */
  private final Map<String, Map<String, Double>> figures = new LinkedHashMap<>();

  private final PrintStream log;

  Run(
      Settings settings,
      Properties endpoints,
      Map<String, Route> routes,
      Proc proc,
      PrintStream log) {
    this.settings = settings;
    this.endpoints = endpoints;
    this.routes = routes;
    this.proc = proc;
    this.log = log;
  }

  /** The tunnel's route (always present). */
  Route tunnel() {
    return routes.get(Route.TUNNEL);
  }

  /** Keeps one route's value of a figure for {@link TargetsCase} (a null value is not kept). */
  void figure(String figure, String route, Double value) {
    if (value != null && !value.isNaN()) {
      figures.computeIfAbsent(figure, k -> new LinkedHashMap<>()).put(route, value);
    }
  }

  /** One route's value of a figure, or null if it was not measured. */
  Double figure(String figure, String route) {
    return figures.getOrDefault(figure, Map.of()).get(route);
  }

  /** Records a failure: it is printed after the table and makes the run exit 1. */
  void problem(String problem) {
    problems.add(problem);
  }

  /** Prints one progress line to the log. */
  void log(String format, Object... args) {
    log.println("bench: " + String.format(Locale.ROOT, format, args));
    log.flush();
  }

  static Double micros(Stats s, double p) {
    return s == null ? null : s.percentile(p) / 1e3;
  }

  static Double millis(Stats s, double p) {
    return s == null ? null : s.percentile(p) / 1e6;
  }

  static String sizeLabel(long bytes) {
    return bytes >= 1L << 30 && bytes % (1L << 30) == 0
        ? (bytes >> 30) + " GiB"
        : (bytes >> 20) + " MiB";
  }
}
