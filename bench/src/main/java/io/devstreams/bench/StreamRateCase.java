package io.devstreams.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Case 2, rate half: new streams per second sustained by several clients that each open, echo one
 * byte through and close streams back to back, and the CPU each new stream costs. Each route first
 * runs the same load for the warm-up time, reported beside as the cold figures (the JVMs compile
 * the stream path over the first ten or twenty thousand streams; a hub then runs for months), then
 * for the measured time.
 */
final class StreamRateCase {

  private final Run run;

  StreamRateCase(Run run) {
    this.run = run;
  }

  void run() throws InterruptedException {
    Settings settings = run.settings;
    Phase cold = new Phase();
    Phase warm = new Phase();
    Map<String, Object> json = new LinkedHashMap<>();
    for (Route route : run.routes.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("warmUp", cold.measure(route, settings.rateWarmUpMillis(), "warm-up"));
      m.putAll(warm.measure(route, settings.rateMillis(), "new streams"));
      json.put(route.name(), m);
      if (warm.allMsPerStream.containsKey(route.name())) {
        run.figure(TargetsCase.STREAM_CPU_MS, route.name(), warm.allMsPerStream.get(route.name()));
      }
      if (warm.perSecond.containsKey(route.name())) {
        run.figure(TargetsCase.STREAMS_PER_SECOND, route.name(), warm.perSecond.get(route.name()));
      }
    }
    run.details.put("newStreamsSustained", json);
    rows(warm, cold);
  }

  /** One phase of every route: its rates and CPU per stream. */
  private final class Phase {
    final Map<String, Double> perSecond = new LinkedHashMap<>();
    final Map<String, Double> relayMsPerStream = new LinkedHashMap<>();
    final Map<String, Double> allMsPerStream = new LinkedHashMap<>();

    Map<String, Object> measure(Route route, long millis, String label)
        throws InterruptedException {
      double[] before = run.proc.cpuSeconds(List.of(route.relay(), route.all()));
      Latency.Rate r = Latency.sustained(route.echo(), run.settings.rateClients(), millis);
      double[] after = run.proc.cpuSeconds(List.of(route.relay(), route.all()));
      perSecond.put(route.name(), r.perSecond());
      if (r.completed() > 0 && !route.relay().isEmpty()) {
        relayMsPerStream.put(route.name(), (after[0] - before[0]) * 1e3 / r.completed());
        allMsPerStream.put(route.name(), (after[1] - before[1]) * 1e3 / r.completed());
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("clients", r.clients());
      m.put("seconds", r.nanos() / 1e9);
      m.put("completed", r.completed());
      m.put("failed", r.failed());
      m.put("streamsPerSecond", r.perSecond());
      m.put("relayCpuMsPerStream", relayMsPerStream.get(route.name()));
      m.put("allCpuMsPerStream", allMsPerStream.get(route.name()));
      if (r.completed() > 0) {
        m.put("setUpUnderLoad", new Stats(r.setupNanos()).summaryMillis());
      }
      if (r.failed() > 0) {
        run.problem(r.failed() + " of the " + label + " streams via " + route.name() + " failed");
      }
      run.log(
          "%-11s %-10s %7.1f /s  (%d clients, %d done, %d failed)",
          label, route.name(), r.perSecond(), r.clients(), r.completed(), r.failed());
      return m;
    }
  }

  private void rows(Phase warm, Phase cold) {
    run.report.issueCase(2);
    row(
        "new streams per second (" + run.settings.rateClients() + " clients, open-echo-close)",
        "streams/s",
        true,
        warm.perSecond,
        null,
        Route.V1,
        "socat",
        "direct",
        "openssh");
    Double tunnelRate = warm.perSecond.get(Route.TUNNEL);
    run.report.target("≥ 200 /s", tunnelRate == null ? null : tunnelRate >= 200);
    row(
        "new streams per second, warm-up (the first " + warmUpSeconds() + " s, cold)",
        "streams/s",
        true,
        cold.perSecond,
        "the same load before the measured run",
        Route.V1,
        "socat",
        "openssh");
    row(
        "relay CPU per new stream (hub | socat | sshd)",
        "CPU ms",
        false,
        warm.relayMsPerStream,
        null,
        Route.V1,
        "socat",
        "openssh");
    row(
        "all processes CPU per new stream",
        "CPU ms",
        false,
        warm.allMsPerStream,
        "devstreams: hub+agent+forward; openssh: sshd+ssh -R+ssh -L",
        Route.V1,
        "socat",
        "openssh");
    row(
        "all processes CPU per new stream, warm-up (cold)",
        "CPU ms",
        false,
        cold.allMsPerStream,
        "the first " + warmUpSeconds() + " s of the same load",
        Route.V1,
        "socat",
        "openssh");
  }

  /** One row: devstreams' figure from {@code figures}, and each named baseline's beside it. */
  private void row(
      String name,
      String unit,
      boolean higherIsBetter,
      Map<String, Double> figures,
      String note,
      String... baselines) {
    Object[] pairs = new Object[baselines.length * 2];
    for (int i = 0; i < baselines.length; i++) {
      pairs[2 * i] = baselines[i];
      pairs[2 * i + 1] = figures.get(baselines[i]);
    }
    run.report.addNoted(name, unit, higherIsBetter, figures.get(Route.TUNNEL), note, pairs);
  }

  private String warmUpSeconds() {
    return String.valueOf(run.settings.rateWarmUpMillis() / 1000.0).replaceAll("\\.0$", "");
  }
}
