package io.devstreams.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Case 3: 32-byte ping-pong round trips on one stream through every route, p50 and p99. */
final class RoundTripCase {

  private final Run run;

  RoundTripCase(Run run) {
    this.run = run;
  }

  void run() {
    Settings settings = run.settings;
    Map<String, Stats> stats = new LinkedHashMap<>();
    Map<String, Object> json = new LinkedHashMap<>();
    for (Route route : run.routes.values()) {
      try {
        Stats s =
            new Stats(Latency.pingPong(route.echo(), settings.rttWarmUp(), settings.rttCount()));
        stats.put(route.name(), s);
        run.figure(TargetsCase.RTT_P50_US, route.name(), s.percentile(50) / 1e3);
        json.put(route.name(), s.summaryMillis());
        run.log(
            "round trip %-10s p50 %7.1f µs  p99 %7.1f µs  max %8.1f µs",
            route.name(), s.percentile(50) / 1e3, s.percentile(99) / 1e3, s.max() / 1e3);
      } catch (IOException e) {
        run.problem("ping-pong via " + route.name() + ": " + e);
      }
    }
    run.details.put("pingPong32Bytes", json);
    run.report.issueCase(3);
    for (double p : new double[] {50, 99}) {
      Double tunnel = Run.micros(stats.get(Route.TUNNEL), p);
      Double socat = Run.micros(stats.get("socat"), p);
      String added =
          tunnel == null || socat == null
              ? null
              : String.format(Locale.ROOT, "+%.0f µs over socat", tunnel - socat);
      run.report.addNoted(
          "round trip 32 B ping-pong p" + (int) p + " (" + settings.rttCount() + " on 1 stream)",
          "µs",
          false,
          tunnel,
          added,
          Route.V1,
          Run.micros(stats.get(Route.V1), p),
          "socat",
          socat,
          "direct",
          Run.micros(stats.get("direct"), p),
          "openssh",
          Run.micros(stats.get("openssh"), p));
      if (p == 50) {
        run.report.target(
            "< +300 µs over socat", tunnel == null || socat == null ? null : tunnel - socat < 300);
      }
    }
  }
}
