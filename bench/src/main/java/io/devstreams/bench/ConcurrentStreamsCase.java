package io.devstreams.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Case 4: many streams at once through the {@code forward} echo port, each moving its own bytes
 * both ways, every byte checked (see {@link ConcurrentEcho}); the hub's resident set is sampled
 * throughout (peak) and its live heap is read with every stream open.
 */
final class ConcurrentStreamsCase {

  private final Run run;

  ConcurrentStreamsCase(Run run) {
    this.run = run;
  }

  void run() {
    Settings settings = run.settings;
    int count = settings.concurrentStreams();
    long bytes = settings.concurrentBytes();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("streams", count);
    json.put("bytesEachWay", bytes);
    HubProbe hub;
    long heapBefore;
    try {
      hub = HubProbe.of(run);
      heapBefore = hub.liveHeapBytes();
    } catch (IOException e) {
      run.problem("concurrent streams: cannot watch the hub: " + e.getMessage());
      return;
    }
    long[] whileOpen = {-1, -1};
    ConcurrentEcho.Outcome outcome;
    long peakKib;
    try (HubProbe.RssPeak rss = hub.watchRss();
        ConcurrentEcho echo = new ConcurrentEcho(run.tunnel().echo(), count, bytes)) {
      outcome =
          echo.run(
              settings.concurrentSetUpsInFlight(),
              settings.transferTimeoutSeconds(),
              () -> {
                try {
                  whileOpen[0] = hub.liveHeapBytes();
                  whileOpen[1] = hub.metric(HubProbe.ACTIVE_STREAMS);
                } catch (IOException e) {
                  run.problem("concurrent streams: cannot read the hub's heap: " + e.getMessage());
                }
              });
      peakKib = rss.peakKib();
      json.put("hubLiveHeapAfterBytes", hub.liveHeapBytes());
    } catch (IOException e) {
      run.problem("concurrent streams: " + e);
      return;
    }
    json.put("opened", outcome.opened());
    json.put("verified", outcome.verified());
    json.put("setUpSeconds", outcome.setUpNanos() / 1e9);
    json.put("transferSeconds", outcome.transferNanos() / 1e9);
    json.put("hubPeakRssKib", peakKib);
    json.put("hubLiveHeapBeforeBytes", heapBefore);
    json.put("hubLiveHeapAllOpenBytes", whileOpen[0] < 0 ? null : whileOpen[0]);
    json.put("hubActiveStreamsAllOpen", whileOpen[1] < 0 ? null : whileOpen[1]);
    json.put("failures", outcome.failures());
    run.details.put("concurrentStreams", json);
    report(outcome, peakKib, heapBefore, whileOpen[0], whileOpen[1]);
    run.report.addNoted(
        "hub live heap after the streams ended",
        "MiB",
        false,
        ((Long) json.get("hubLiveHeapAfterBytes")) / 1048576.0,
        "after a full GC: what the hub keeps once they are gone");
  }

  private void report(
      ConcurrentEcho.Outcome o, long peakKib, long heapBefore, long heapOpen, long active) {
    double megabytes = 2.0 * o.verified() * run.settings.concurrentBytes() / 1e6;
    run.log(
        "concurrent %d streams: %d open in %.1f s, %d verified in %.1f s (%.0f MB/s both ways),"
            + " hub peak RSS %.0f MiB, live heap %.0f MiB all open (%.0f before), %d active",
        o.streams(),
        o.opened(),
        o.setUpNanos() / 1e9,
        o.verified(),
        o.transferNanos() / 1e9,
        megabytes / (o.transferNanos() / 1e9),
        peakKib / 1024.0,
        heapOpen / 1048576.0,
        heapBefore / 1048576.0,
        active);
    if (o.verified() < o.streams()) {
      run.problem(
          (o.streams() - o.verified())
              + " of "
              + o.streams()
              + " concurrent streams failed: "
              + String.join("; ", o.failures()));
    }
    run.report.issueCase(4);
    String label = String.format(Locale.ROOT, "%,d concurrent streams", o.streams());
    String size = Run.sizeLabel(run.settings.concurrentBytes());
    run.report.addNoted(
        label + " × " + size + " echoed, verified",
        "streams",
        true,
        (double) o.verified(),
        String.format(
            Locale.ROOT,
            "all open after %.1f s; data phase %.1f s, %.0f MB/s both ways",
            o.setUpNanos() / 1e9,
            o.transferNanos() / 1e9,
            megabytes / (o.transferNanos() / 1e9)));
    run.report.target("all " + o.streams(), o.verified() == o.streams());
    run.report.addNoted(
        "hub peak RSS during the " + label, "MiB", false, peakKib / 1024.0, HubHeap.note());
    run.report.target("< 1024 MiB", peakKib < 1024 * 1024);
    run.report.addNoted(
        "hub live heap with the " + label + " open",
        "MiB",
        false,
        heapOpen < 0 ? null : heapOpen / 1048576.0,
        String.format(
            Locale.ROOT,
            "after a full GC; %.0f MiB before the case; hub counted %d active",
            heapBefore / 1048576.0,
            active));
  }
}
