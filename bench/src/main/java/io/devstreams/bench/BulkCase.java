package io.devstreams.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Cases 1 and 6: bulk throughput both ways through every route (warm-up, then rounds of upload to
 * the sink and download from the source, each verified by count and CRC32C), and the CPU the relay
 * and all the route's processes spent per GB relayed.
 */
final class BulkCase {

  /** What the bulk rounds of one route and direction add up to. */
  private static final class Totals {
    final List<Double> megabytesPerSecond = new ArrayList<>();
    long bytes;
    double relayCpu;
    double allCpu;

    double medianMbps() {
      return Stats.median(megabytesPerSecond);
    }

    Double relayCpuPerGb() {
      return bytes == 0 ? null : relayCpu / (bytes / 1e9);
    }

    Double allCpuPerGb() {
      return bytes == 0 ? null : allCpu / (bytes / 1e9);
    }
  }

  private final Run run;
  private final Settings settings;

  BulkCase(Run run) {
    this.run = run;
    this.settings = run.settings;
  }

  void run() {
    int warmCrc = DataPattern.shared().crc(settings.warmUpBytes());
    int crc = DataPattern.shared().crc(settings.bulkBytes());
    for (Route route : run.routes.values()) {
      transfer(route, true, settings.warmUpBytes(), warmCrc, "warm-up", null);
      transfer(route, false, settings.warmUpBytes(), warmCrc, "warm-up", null);
    }
    Map<String, Totals> up = new LinkedHashMap<>();
    Map<String, Totals> down = new LinkedHashMap<>();
    List<Object> samples = new ArrayList<>();
    for (int round = 1; round <= settings.rounds(); round++) {
      for (boolean upload : new boolean[] {true, false}) {
        for (Route route : run.routes.values()) {
          Totals totals = (upload ? up : down).computeIfAbsent(route.name(), k -> new Totals());
          String label = "round " + round + "/" + settings.rounds();
          Map<String, Object> sample =
              transfer(route, upload, settings.bulkBytes(), crc, label, totals);
          sample.put("round", round);
          samples.add(sample);
        }
      }
    }
    run.details.put("bulk", samples);
    String size = Run.sizeLabel(settings.bulkBytes());
    String median = settings.rounds() > 1 ? ", median of " + settings.rounds() : "";
    run.report.issueCase(1);
    bulkRow("bulk upload " + size + median + " (client→device)", up);
    bulkRow("bulk download " + size + median + " (device→client)", down);
    for (Route route : run.routes.values()) {
      String r = route.name();
      run.figure(TargetsCase.BULK_UP, r, value(up, r, Totals::medianMbps));
      run.figure(TargetsCase.BULK_DOWN, r, value(down, r, Totals::medianMbps));
      if (!route.relay().isEmpty()) {
        run.figure(TargetsCase.CPU_PER_GB_UP, r, cpu(up, r, true));
        run.figure(TargetsCase.CPU_PER_GB_DOWN, r, cpu(down, r, true));
      }
    }
    run.report.issueCase(6);
    cpuRows("upload", up);
    cpuRows("download", down);
  }

  private void bulkRow(String name, Map<String, Totals> totals) {
    Double tunnel = value(totals, Route.TUNNEL, Totals::medianMbps);
    Double ssh = value(totals, "openssh", Totals::medianMbps);
    run.report.add(
        name,
        "MB/s",
        true,
        tunnel,
        Route.V1,
        value(totals, Route.V1, Totals::medianMbps),
        "socat",
        value(totals, "socat", Totals::medianMbps),
        "direct",
        value(totals, "direct", Totals::medianMbps),
        "openssh",
        ssh);
    run.report.target("≥ 1.0x openssh", tunnel == null || ssh == null ? null : tunnel >= ssh);
  }

  private void cpuRows(String direction, Map<String, Totals> totals) {
    run.report.addNoted(
        "relay CPU per GB " + direction + " (hub | socat | sshd)",
        "CPU s/GB",
        false,
        cpu(totals, Route.TUNNEL, false),
        null,
        Route.V1,
        cpu(totals, Route.V1, false),
        "socat",
        cpu(totals, "socat", false),
        "openssh",
        cpu(totals, "openssh", false));
    run.report.target(Report.NO_TARGET, null);
    run.report.addNoted(
        "all processes CPU per GB " + direction,
        "CPU s/GB",
        false,
        cpu(totals, Route.TUNNEL, true),
        "devstreams: hub+agent+forward; openssh: sshd+ssh -R+ssh -L",
        Route.V1,
        cpu(totals, Route.V1, true),
        "socat",
        cpu(totals, "socat", true),
        "openssh",
        cpu(totals, "openssh", true));
  }

  private static Double cpu(Map<String, Totals> totals, String route, boolean all) {
    Totals t = totals.get(route);
    return t == null ? null : all ? t.allCpuPerGb() : t.relayCpuPerGb();
  }

  private static Double value(
      Map<String, Totals> totals, String route, ToDoubleFunction<Totals> f) {
    Totals t = totals.get(route);
    return t == null ? null : f.applyAsDouble(t);
  }

  private Map<String, Object> transfer(
      Route route, boolean upload, long bytes, int crc, String label, Totals totals) {
    double[] before = run.proc.cpuSeconds(List.of(route.relay(), route.all()));
    Bulk.Transfer t;
    try {
      t =
          upload
              ? Bulk.upload(route.sink(), bytes, crc, settings.transferTimeoutSeconds())
              : Bulk.download(route.source(), bytes, crc, settings.transferTimeoutSeconds());
    } catch (IOException e) {
      t = new Bulk.Transfer(bytes, 1, "failed: " + e);
    }
    double[] after = run.proc.cpuSeconds(List.of(route.relay(), route.all()));
    double relayCpu = after[0] - before[0];
    double allCpu = after[1] - before[1];
    String direction = upload ? "upload" : "download";
    Map<String, Object> sample = new LinkedHashMap<>();
    sample.put("route", route.name());
    sample.put("direction", direction);
    sample.put("bytes", bytes);
    sample.put("seconds", t.nanos() / 1e9);
    sample.put("megabytesPerSecond", t.verified() ? t.megabytesPerSecond() : null);
    sample.put("verified", t.verified());
    sample.put("relayCpuSeconds", relayCpu);
    sample.put("allCpuSeconds", allCpu);
    if (!t.verified()) {
      sample.put("problem", t.problem());
      run.problem(direction + " via " + route.name() + " (" + label + "): " + t.problem());
    }
    run.log(
        "bulk %-8s %-10s %-12s %s %8.1f MB/s  relay CPU %.2f s  all CPU %.2f s%s",
        direction,
        route.name(),
        label,
        Run.sizeLabel(bytes),
        t.verified() ? t.megabytesPerSecond() : 0.0,
        relayCpu,
        allCpu,
        t.verified() ? "  verified" : "  NOT VERIFIED: " + t.problem());
    if (totals != null && t.verified()) {
      totals.megabytesPerSecond.add(t.megabytesPerSecond());
      totals.bytes += bytes;
      totals.relayCpu += relayCpu;
      totals.allCpu += allCpu;
    }
    return sample;
  }
}
