package io.devstreams.bench;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.service.ClientOptions;
import io.devstreams.service.HubConnection;
import io.devstreams.service.MuxStreams;
import io.devstreams.service.ServiceClient;
import io.devstreams.service.StreamOpener;
import io.devstreams.service.StreamTimeouts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Case 9 (issue 13): 10,000 concurrent v2 streams on one hub, from a few in-process v2 connections
 * (as several service processes would hold) to one device's echo, every byte compared (see {@link
 * ManyStreams}); the hub's resident set is sampled throughout (peak), its live heap read with every
 * stream open.
 */
final class ManyStreamsCase {

  /**
   * The slowest open rate the case waits for (the open phase's deadline is the stream count over
   * it): on 2 busy cores one agent answered 25 to 100 opens a second.
   */
  private static final int SLOWEST_OPENS_PER_SECOND = 20;

  /** How long the hub waits for the device's answer to each open (the hub's default is 30 s). */
  private static final int RESPONSE_TIMEOUT_SECONDS = 120;

  private final Run run;

  ManyStreamsCase(Run run) {
    this.run = run;
  }

  void run() throws InterruptedException {
    Settings settings = run.settings;
    String csFile = run.endpoints.getProperty("service.connection-string-file");
    String cert = run.endpoints.getProperty("trust.cert");
    String device = run.endpoints.getProperty("device.id");
    String service = run.endpoints.getProperty("many.service");
    if (csFile == null || cert == null || device == null || service == null) {
      run.problem("many streams: the endpoints file names no many-echo service");
      return;
    }
    HubProbe hub;
    long heapBefore;
    List<MuxStreams> connections = new ArrayList<>();
    try {
      hub = HubProbe.of(run);
      heapBefore = hub.liveHeapBytes();
      HubConnection hubConnection =
          HubConnection.open(
              ConnectionString.parse(Files.readString(Path.of(csFile)).strip()),
              ClientOptions.defaults().withTrustCertificate(Path.of(cert)));
      for (int c = 0; c < settings.manyConnections(); c++) {
        MuxStreams mux = new ServiceClient(hubConnection).multiplexed();
        connections.add(mux);
        mux.connect();
      }
    } catch (IOException | RuntimeException e) {
      connections.forEach(MuxStreams::close);
      run.problem("many streams: cannot start: " + e.getMessage());
      return;
    }
    ManyStreams many =
        new ManyStreams(
            new ArrayList<StreamOpener>(connections),
            device,
            service,
            settings.manyStreams(),
            settings.manyChunk(),
            settings.manyRounds(),
            StreamTimeouts.ofSeconds(null, RESPONSE_TIMEOUT_SECONDS));
    long openSeconds =
        Math.max(
            settings.transferTimeoutSeconds(), settings.manyStreams() / SLOWEST_OPENS_PER_SECOND);
    List<List<Long>> processes =
        List.of(
            run.tunnel().relay(),
            run.tunnel().deviceSide(),
            List.of(ProcessHandle.current().pid()));
    double[] cpuBefore = run.proc.cpuSeconds(processes);
    many.atDeadline(
        () -> {
          try {
            Map<String, Double> m = hub.metrics();
            run.problem(
                String.format(
                    Locale.ROOT,
                    "many streams: at the deadline, %d bytes echoed in all; the hub counted %.0f"
                        + " active and held %.0f buffered bytes",
                    many.echoedSoFar(),
                    m.getOrDefault(HubProbe.ACTIVE_STREAMS, -1.0),
                    m.getOrDefault(HubProbe.BUFFERED, -1.0)));
          } catch (IOException e) {
            run.problem("many streams: at the deadline, cannot read the hub: " + e.getMessage());
          }
        });
    long[] whileOpen = {-1, -1, -1};
    ManyStreams.Outcome outcome;
    long peakKib;
    long agentKib;
    try (HubProbe.RssPeak rss = hub.watchRss()) {
      outcome =
          many.run(
              settings.manyOpeners(),
              settings.manyWorkers(),
              openSeconds,
              settings.transferTimeoutSeconds(),
              () -> {
                try {
                  whileOpen[0] = hub.liveHeapBytes();
                  whileOpen[1] = hub.metric(HubProbe.ACTIVE_STREAMS);
                  whileOpen[2] = hub.metric(HubProbe.THREADS);
                } catch (IOException e) {
                  run.problem("many streams: cannot read the hub's heap: " + e.getMessage());
                }
              });
      peakKib = rss.peakKib();
      agentKib = Proc.peakRssKib(run.tunnel().deviceSide());
    } finally {
      connections.forEach(MuxStreams::close);
    }
    double[] cpuAfter = run.proc.cpuSeconds(processes);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("cpuSecondsHub", cpuAfter[0] - cpuBefore[0]);
    json.put("cpuSecondsAgent", cpuAfter[1] - cpuBefore[1]);
    json.put("cpuSecondsClients", cpuAfter[2] - cpuBefore[2]);
    json.put("streams", outcome.streams());
    json.put("connections", connections.size());
    json.put("bytesEachWay", many.bytesEach());
    json.put("opened", outcome.opened());
    json.put("verified", outcome.verified());
    json.put("openSeconds", outcome.openNanos() / 1e9);
    json.put("transferSeconds", outcome.transferNanos() / 1e9);
    json.put("hubPeakRssKib", peakKib);
    json.put("hubLiveHeapBeforeBytes", heapBefore);
    json.put("hubLiveHeapAllOpenBytes", whileOpen[0] < 0 ? null : whileOpen[0]);
    json.put("hubActiveStreamsAllOpen", whileOpen[1] < 0 ? null : whileOpen[1]);
    json.put("hubThreadsAllOpen", whileOpen[2] < 0 ? null : whileOpen[2]);
    json.put("agentPeakRssKib", agentKib);
    json.put("hubHeap", System.getenv("DEVSTREAMS_HUB_HEAP"));
    json.put("failures", outcome.failures());
    run.details.put("manyStreams", json);
    report(outcome, many.bytesEach(), peakKib, heapBefore, whileOpen, agentKib);
  }

  private void report(
      ManyStreams.Outcome o,
      long bytesEach,
      long peakKib,
      long heapBefore,
      long[] whileOpen,
      long agentKib) {
    double megabytes = 2.0 * o.bytesEachWay() / 1e6;
    double opensPerSecond = o.opened() / (o.openNanos() / 1e9);
    run.log(
        "many %d streams on %d connections: %d open in %.1f s (%.0f /s), %d verified in %.1f s"
            + " (%.0f MB/s both ways), hub peak RSS %.0f MiB, live heap %.0f MiB all open (%.0f"
            + " before), %d active, %d hub threads; agent peak RSS %.0f MiB",
        o.streams(),
        run.settings.manyConnections(),
        o.opened(),
        o.openNanos() / 1e9,
        opensPerSecond,
        o.verified(),
        o.transferNanos() / 1e9,
        megabytes / (o.transferNanos() / 1e9),
        peakKib / 1024.0,
        whileOpen[0] / 1048576.0,
        heapBefore / 1048576.0,
        whileOpen[1],
        whileOpen[2],
        agentKib / 1024.0);
    if (o.verified() < o.streams()) {
      run.problem(
          (o.streams() - o.verified())
              + " of "
              + o.streams()
              + " many streams failed: "
              + String.join("; ", o.failures()));
    }
    run.figure(TargetsCase.MANY_STREAMS, Route.TUNNEL, (double) o.streams());
    run.figure(TargetsCase.MANY_PEAK_RSS_MIB, Route.TUNNEL, peakKib / 1024.0);
    run.report.issueCase(9);
    String label =
        String.format(
            Locale.ROOT,
            "%,d concurrent v2 streams on %d connections",
            o.streams(),
            run.settings.manyConnections());
    run.report.addNoted(
        label + " × " + bytesEach / 1024 + " KiB echoed, verified",
        "streams",
        true,
        (double) o.verified(),
        String.format(
            Locale.ROOT,
            "all open after %.1f s (%.0f opens/s); data phase %.1f s, %.0f MB/s both ways",
            o.openNanos() / 1e9,
            opensPerSecond,
            o.transferNanos() / 1e9,
            megabytes / (o.transferNanos() / 1e9)));
    run.report.target("all " + o.streams(), o.verified() == o.streams());
    run.report.addNoted(
        "hub peak RSS during the " + label, "MiB", false, peakKib / 1024.0, HubHeap.note());
    run.report.target("< 2048 MiB", peakKib < 2048 * 1024);
    run.report.addNoted(
        "hub live heap with the " + label + " open",
        "MiB",
        false,
        whileOpen[0] < 0 ? null : whileOpen[0] / 1048576.0,
        String.format(
            Locale.ROOT,
            "after a full GC; %.0f MiB before the case; hub counted %d active, %d threads",
            heapBefore / 1048576.0,
            whileOpen[1],
            whileOpen[2]));
  }
}
