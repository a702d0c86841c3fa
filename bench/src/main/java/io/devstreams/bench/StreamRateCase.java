package io.devstreams.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Case 2, rate half: new streams per second sustained by several clients that each open, echo one
 * byte through and close streams back to back, and the CPU each new stream costs.
 */
final class StreamRateCase {

  private final Run run;

  StreamRateCase(Run run) {
    this.run = run;
  }

  void run() throws InterruptedException {
    Settings settings = run.settings;
    Map<String, Double> perSecond = new LinkedHashMap<>();
    Map<String, Double> relayMsPerStream = new LinkedHashMap<>();
    Map<String, Double> allMsPerStream = new LinkedHashMap<>();
    Map<String, Object> json = new LinkedHashMap<>();
    for (Route route : run.routes.values()) {
      double[] before = run.proc.cpuSeconds(List.of(route.relay(), route.all()));
      Latency.Rate r =
          Latency.sustained(route.echo(), settings.rateClients(), settings.rateMillis());
      double[] after = run.proc.cpuSeconds(List.of(route.relay(), route.all()));
      perSecond.put(route.name(), r.perSecond());
      run.figure(TargetsCase.STREAMS_PER_SECOND, route.name(), r.perSecond());
      if (r.completed() > 0 && !route.relay().isEmpty()) {
        relayMsPerStream.put(route.name(), (after[0] - before[0]) * 1e3 / r.completed());
        allMsPerStream.put(route.name(), (after[1] - before[1]) * 1e3 / r.completed());
        run.figure(TargetsCase.STREAM_CPU_MS, route.name(), allMsPerStream.get(route.name()));
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
      json.put(route.name(), m);
      if (r.failed() > 0) {
        run.problem(r.failed() + " of the sustained streams via " + route.name() + " failed");
      }
      run.log(
          "new streams %-10s %7.1f /s  (%d clients, %d done, %d failed)",
          route.name(), r.perSecond(), r.clients(), r.completed(), r.failed());
    }
    run.details.put("newStreamsSustained", json);
    rows(perSecond, relayMsPerStream, allMsPerStream);
  }

  private void rows(
      Map<String, Double> perSecond,
      Map<String, Double> relayMsPerStream,
      Map<String, Double> allMsPerStream) {
    run.report.issueCase(2);
    run.report.add(
        "new streams per second (" + run.settings.rateClients() + " clients, open-echo-close)",
        "streams/s",
        true,
        perSecond.get(Route.TUNNEL),
        Route.V1,
        perSecond.get(Route.V1),
        "socat",
        perSecond.get("socat"),
        "direct",
        perSecond.get("direct"),
        "openssh",
        perSecond.get("openssh"));
    Double tunnelRate = perSecond.get(Route.TUNNEL);
    run.report.target("≥ 200 /s", tunnelRate == null ? null : tunnelRate >= 200);
    run.report.add(
        "relay CPU per new stream (hub | socat | sshd)",
        "CPU ms",
        false,
        relayMsPerStream.get(Route.TUNNEL),
        Route.V1,
        relayMsPerStream.get(Route.V1),
        "socat",
        relayMsPerStream.get("socat"),
        "openssh",
        relayMsPerStream.get("openssh"));
    run.report.addNoted(
        "all processes CPU per new stream",
        "CPU ms",
        false,
        allMsPerStream.get(Route.TUNNEL),
        "devstreams: hub+agent+forward; openssh: sshd+ssh -R+ssh -L",
        Route.V1,
        allMsPerStream.get(Route.V1),
        "socat",
        allMsPerStream.get("socat"),
        "openssh",
        allMsPerStream.get("openssh"));
  }
}
