package io.devstreams.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Runs every case against every path the orchestrating script started ({@code devstreams}: the full
 * tunnel through the service-side {@code forward}, the hub and the device agent; {@code socat}: a
 * plain TCP relay; {@code direct}: the targets themselves; {@code openssh}: a reverse tunnel
 * through a private sshd), then prints the table and writes the JSON.
 */
final class Suite {

  static final String TUNNEL = "devstreams";
  static final List<String> PATHS = List.of(TUNNEL, "socat", "direct", "openssh");

  /** How much each case does. */
  record Settings(
      boolean quick,
      long bulkBytes,
      long warmUpBytes,
      int rounds,
      int setupCount,
      int setupWarmUp,
      int rateClients,
      long rateMillis,
      int rttCount,
      int rttWarmUp,
      long transferTimeoutSeconds) {

    static Settings of(boolean quick) {
      return quick
          ? new Settings(true, 64L << 20, 8L << 20, 1, 20, 3, 4, 2_000, 1_000, 200, 60)
          : new Settings(false, 1L << 30, 768L << 20, 3, 200, 20, 4, 10_000, 10_000, 2_000, 120);
    }

    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("quick", quick);
      m.put("bulkBytes", bulkBytes);
      m.put("bulkWarmUpBytes", warmUpBytes);
      m.put("bulkRounds", rounds);
      m.put("setupStreams", setupCount);
      m.put("setupWarmUpStreams", setupWarmUp);
      m.put("rateClients", rateClients);
      m.put("rateMillis", rateMillis);
      m.put("pingPongs", rttCount);
      m.put("pingPongWarmUp", rttWarmUp);
      return m;
    }
  }

  /** One way from the client to the targets, with the processes that carry it. */
  record Route(
      String name,
      InetSocketAddress sink,
      InetSocketAddress source,
      InetSocketAddress echo,
      List<Long> relay,
      List<Long> deviceSide,
      List<Long> serviceSide) {

    List<Long> all() {
      List<Long> all = new ArrayList<>(relay);
      all.addAll(deviceSide);
      all.addAll(serviceSide);
      return all;
    }
  }

  /** What the bulk rounds of one route and direction add up to. */
  private static final class BulkTotals {
    final List<Double> megabytesPerSecond = new ArrayList<>();
    long bytes;
    double relayCpu;
    double allCpu;

    double medianMbps() {
      double[] v = megabytesPerSecond.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    Double relayCpuPerGb() {
      return bytes == 0 ? null : relayCpu / (bytes / 1e9);
    }

    Double allCpuPerGb() {
      return bytes == 0 ? null : allCpu / (bytes / 1e9);
    }
  }

  private final Properties endpoints;
  private final Settings settings;
  private final PrintStream log;
  private final Proc proc;
  private final Map<String, Route> routes = new LinkedHashMap<>();
  private final Report report = new Report();
  private final Map<String, Object> details = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  Suite(Properties endpoints, Settings settings, PrintStream log) {
    this.endpoints = endpoints;
    this.settings = settings;
    this.log = log;
    this.proc = new Proc(Long.parseLong(endpoints.getProperty("clk.tck", "100")));
    for (String name : PATHS) {
      if (endpoints.getProperty(name + ".echo") != null) {
        routes.put(
            name,
            new Route(
                name,
                address(name + ".sink"),
                address(name + ".source"),
                address(name + ".echo"),
                pids(name + ".relay.pids"),
                pids(name + ".device.pids"),
                pids(name + ".service.pids")));
      }
    }
    if (!routes.containsKey(TUNNEL)) {
      throw new IllegalArgumentException("the endpoints file names no devstreams route");
    }
  }

  /** Runs everything; returns the process exit code (0: every transfer verified, no failure). */
  int run(Path jsonFile, PrintStream out) throws Exception {
    String started = Instant.now().toString();
    String loadAtStart = loadAverage();
    long startNanos = System.nanoTime();
    List<Long> hub = routes.get(TUNNEL).relay();
    long hubIdleRss = Proc.rssKib(hub);

    bulk();
    pingPong();
    setUp();
    inProcess();
    rate();
    memory(hubIdleRss);

    double seconds = (System.nanoTime() - startNanos) / 1e9;
    String loadAtEnd = loadAverage();
    String table =
        report.table()
            + String.format(
                Locale.ROOT,
                "load average (1 min) %s at start, %s at end, on %d cores; the hub, the agent,"
                    + " the forwards and the measuring client share them.%n",
                loadAtStart,
                loadAtEnd,
                Runtime.getRuntime().availableProcessors())
            + (settings.quick()
                ? "--quick: small sizes and JVMs barely warmed up: a smoke test of every case,"
                    + " not a measurement.\n"
                : "");
    out.println();
    out.print(table);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("suite", "devstreams-bench");
    json.put("formatVersion", 1);
    json.put("startedAt", started);
    json.put("measuringSeconds", seconds);
    json.put("settings", settings.json());
    Map<String, Object> environment = environment();
    environment.put("load1AtStart", loadAtStart);
    environment.put("load1AtEnd", loadAtEnd);
    json.put("environment", environment);
    json.put("rows", report.json());
    json.put("details", details);
    json.put("problems", problems);
    json.put("table", table);
    Files.createDirectories(jsonFile.toAbsolutePath().getParent());
    Files.writeString(jsonFile, Json.write(json));
    if (!problems.isEmpty()) {
      out.println();
      problems.forEach(p -> out.println("PROBLEM: " + p));
    }
    return problems.isEmpty() ? 0 : 1;
  }

  // ---------------------------------------------------------------- bulk

  private void bulk() {
    DataPattern.shared();
    int warmCrc = DataPattern.shared().crc(settings.warmUpBytes());
    int crc = DataPattern.shared().crc(settings.bulkBytes());
    for (Route route : routes.values()) {
      transfer(route, true, settings.warmUpBytes(), warmCrc, "warm-up", null);
      transfer(route, false, settings.warmUpBytes(), warmCrc, "warm-up", null);
    }
    Map<String, BulkTotals> up = new LinkedHashMap<>();
    Map<String, BulkTotals> down = new LinkedHashMap<>();
    List<Object> samples = new ArrayList<>();
    for (int round = 1; round <= settings.rounds(); round++) {
      for (boolean upload : new boolean[] {true, false}) {
        for (Route route : routes.values()) {
          BulkTotals totals =
              (upload ? up : down).computeIfAbsent(route.name(), k -> new BulkTotals());
          Map<String, Object> sample =
              transfer(
                  route,
                  upload,
                  settings.bulkBytes(),
                  crc,
                  "round " + round + "/" + settings.rounds(),
                  totals);
          sample.put("round", round);
          samples.add(sample);
        }
      }
    }
    details.put("bulk", samples);
    String size = sizeLabel(settings.bulkBytes());
    String median = settings.rounds() > 1 ? ", median of " + settings.rounds() : "";
    bulkRow("bulk upload " + size + median + " (client→device)", up);
    bulkRow("bulk download " + size + median + " (device→client)", down);
    cpuRows("upload", up);
    cpuRows("download", down);
  }

  private void bulkRow(String name, Map<String, BulkTotals> totals) {
    Double tunnel = value(totals, TUNNEL, BulkTotals::medianMbps);
    Double ssh = value(totals, "openssh", BulkTotals::medianMbps);
    report.add(
        name,
        "MB/s",
        true,
        value(totals, TUNNEL, BulkTotals::medianMbps),
        "socat",
        value(totals, "socat", BulkTotals::medianMbps),
        "direct",
        value(totals, "direct", BulkTotals::medianMbps),
        "openssh",
        value(totals, "openssh", BulkTotals::medianMbps));
    report.target("≥ 1.0x openssh", tunnel == null || ssh == null ? null : tunnel >= ssh);
  }

  private void cpuRows(String direction, Map<String, BulkTotals> totals) {
    report.addNoted(
        "relay CPU per GB " + direction + " (hub | socat | sshd)",
        "CPU s/GB",
        false,
        cpu(totals, TUNNEL, false),
        null,
        "socat",
        cpu(totals, "socat", false),
        "openssh",
        cpu(totals, "openssh", false));
    report.addNoted(
        "all processes CPU per GB " + direction,
        "CPU s/GB",
        false,
        cpu(totals, TUNNEL, true),
        "devstreams: hub+agent+forward; openssh: sshd+ssh -R+ssh -L",
        "socat",
        cpu(totals, "socat", true),
        "openssh",
        cpu(totals, "openssh", true));
  }

  private static Double cpu(Map<String, BulkTotals> totals, String route, boolean all) {
    BulkTotals t = totals.get(route);
    return t == null ? null : all ? t.allCpuPerGb() : t.relayCpuPerGb();
  }

  private static Double value(
      Map<String, BulkTotals> totals,
      String route,
      java.util.function.ToDoubleFunction<BulkTotals> f) {
    BulkTotals t = totals.get(route);
    return t == null ? null : f.applyAsDouble(t);
  }

  private Map<String, Object> transfer(
      Route route, boolean upload, long bytes, int crc, String label, BulkTotals totals) {
    double[] before = proc.cpuSeconds(List.of(route.relay(), route.all()));
    Bulk.Transfer t;
    try {
      t =
          upload
              ? Bulk.upload(route.sink(), bytes, crc, settings.transferTimeoutSeconds())
              : Bulk.download(route.source(), bytes, crc, settings.transferTimeoutSeconds());
    } catch (IOException e) {
      t = new Bulk.Transfer(bytes, 1, "failed: " + e);
    }
    double[] after = proc.cpuSeconds(List.of(route.relay(), route.all()));
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
      problems.add(direction + " via " + route.name() + " (" + label + "): " + t.problem());
    }
    log(
        "bulk %-8s %-10s %-12s %s %8.1f MB/s  relay CPU %.2f s  all CPU %.2f s%s",
        direction,
        route.name(),
        label,
        sizeLabel(bytes),
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

  // ---------------------------------------------------------------- round trip

  private void pingPong() {
    Map<String, Stats> stats = new LinkedHashMap<>();
    Map<String, Object> json = new LinkedHashMap<>();
    for (Route route : routes.values()) {
      try {
        Stats s =
            new Stats(Latency.pingPong(route.echo(), settings.rttWarmUp(), settings.rttCount()));
        stats.put(route.name(), s);
        json.put(route.name(), s.summaryMillis());
        log(
            "round trip %-10s p50 %7.1f µs  p99 %7.1f µs  max %8.1f µs",
            route.name(), s.percentile(50) / 1e3, s.percentile(99) / 1e3, s.max() / 1e3);
      } catch (IOException e) {
        problems.add("ping-pong via " + route.name() + ": " + e);
      }
    }
    details.put("pingPong32Bytes", json);
    for (double p : new double[] {50, 99}) {
      Double tunnel = micros(stats.get(TUNNEL), p);
      Double socat = micros(stats.get("socat"), p);
      String added =
          tunnel == null || socat == null
              ? null
              : String.format(Locale.ROOT, "+%.0f µs over socat", tunnel - socat);
      report.addNoted(
          "round trip 32 B ping-pong p" + (int) p + " (" + settings.rttCount() + " on 1 stream)",
          "µs",
          false,
          tunnel,
          added,
          "socat",
          socat,
          "direct",
          micros(stats.get("direct"), p),
          "openssh",
          micros(stats.get("openssh"), p));
      if (p == 50) {
        report.target(
            "< +300 µs over socat", tunnel == null || socat == null ? null : tunnel - socat < 300);
      }
    }
  }

  private static Double micros(Stats s, double p) {
    return s == null ? null : s.percentile(p) / 1e3;
  }

  private static Double millis(Stats s, double p) {
    return s == null ? null : s.percentile(p) / 1e6;
  }

  // ---------------------------------------------------------------- stream set-up

  private final Map<String, Stats> setUp = new LinkedHashMap<>();

  private void setUp() {
    Map<String, Object> json = new LinkedHashMap<>();
    for (Route route : routes.values()) {
      try {
        Latency.sequential(route.echo(), settings.setupWarmUp());
        Stats s = new Stats(Latency.sequential(route.echo(), settings.setupCount()));
        setUp.put(route.name(), s);
        json.put(route.name(), s.summaryMillis());
        log(
            "set-up     %-10s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms",
            route.name(), s.percentile(50) / 1e6, s.percentile(99) / 1e6, s.max() / 1e6);
      } catch (IOException e) {
        problems.add("stream set-up via " + route.name() + ": " + e);
      }
    }
    details.put("setUpSequential", json);
    for (double p : new double[] {50, 99}) {
      Double tunnel = millis(setUp.get(TUNNEL), p);
      setUpRow(
          "stream set-up p" + (int) p + ", forward port (" + settings.setupCount() + " sequential)",
          tunnel,
          p,
          null);
      double limit = p == 50 ? 20 : 100;
      report.target("< " + (int) limit + " ms", tunnel == null ? null : tunnel < limit);
    }
  }

  private void setUpRow(String name, Double value, double p, String note) {
    report.addNoted(
        name,
        "ms",
        false,
        value,
        note,
        "socat",
        millis(setUp.get("socat"), p),
        "direct",
        millis(setUp.get("direct"), p),
        "openssh",
        millis(setUp.get("openssh"), p));
  }

  private void inProcess() {
    String csFile = endpoints.getProperty("service.connection-string-file");
    String cert = endpoints.getProperty("trust.cert");
    String device = endpoints.getProperty("device.id");
    String service = endpoints.getProperty("echo.service", "echo");
    if (csFile == null || cert == null || device == null) {
      return;
    }
    try {
      InProcess client =
          new InProcess(Files.readString(Path.of(csFile)).strip(), Path.of(cert), device, service);
      for (int i = 0; i < settings.setupWarmUp(); i++) {
        client.once();
      }
      long[] granted = new long[settings.setupCount()];
      long[] opened = new long[settings.setupCount()];
      long[] first = new long[settings.setupCount()];
      for (int i = 0; i < settings.setupCount(); i++) {
        InProcess.Setup s = client.once();
        granted[i] = s.granted();
        opened[i] = s.opened() - s.granted();
        first[i] = s.firstByte();
      }
      Stats total = new Stats(first);
      Stats grant = new Stats(granted);
      Stats open = new Stats(opened);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("firstByte", total.summaryMillis());
      json.put("createStream", grant.summaryMillis());
      json.put("openStreamAfterGrant", open.summaryMillis());
      details.put("setUpServiceClientInProcess", json);
      log(
          "set-up     ServiceClient p50 %7.2f ms (createStream %.2f + openStream %.2f)  p99 %7.2f"
              + " ms",
          total.percentile(50) / 1e6,
          grant.percentile(50) / 1e6,
          open.percentile(50) / 1e6,
          total.percentile(99) / 1e6);
      for (double p : new double[] {50, 99}) {
        setUpRow(
            "stream set-up p" + (int) p + ", ServiceClient in-process",
            millis(total, p),
            p,
            String.format(
                Locale.ROOT,
                "createStream p%d %.2f ms, openStream p%d %.2f ms",
                (int) p,
                grant.percentile(p) / 1e6,
                (int) p,
                open.percentile(p) / 1e6));
      }
    } catch (IOException | RuntimeException e) {
      problems.add("in-process ServiceClient set-up: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("in-process ServiceClient set-up interrupted");
    }
  }

  private void rate() throws InterruptedException {
    Map<String, Double> perSecond = new LinkedHashMap<>();
    Map<String, Double> relayMsPerStream = new LinkedHashMap<>();
    Map<String, Double> allMsPerStream = new LinkedHashMap<>();
    Map<String, Object> json = new LinkedHashMap<>();
    for (Route route : routes.values()) {
      double[] before = proc.cpuSeconds(List.of(route.relay(), route.all()));
      Latency.Rate r =
          Latency.sustained(route.echo(), settings.rateClients(), settings.rateMillis());
      double[] after = proc.cpuSeconds(List.of(route.relay(), route.all()));
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
      json.put(route.name(), m);
      if (r.failed() > 0) {
        problems.add(r.failed() + " of the sustained streams via " + route.name() + " failed");
      }
      log(
          "new streams %-10s %7.1f /s  (%d clients, %d done, %d failed)",
          route.name(), r.perSecond(), r.clients(), r.completed(), r.failed());
    }
    details.put("newStreamsSustained", json);
    report.add(
        "new streams per second (" + settings.rateClients() + " clients, open-echo-close)",
        "streams/s",
        true,
        perSecond.get(TUNNEL),
        "socat",
        perSecond.get("socat"),
        "direct",
        perSecond.get("direct"),
        "openssh",
        perSecond.get("openssh"));
    Double tunnelRate = perSecond.get(TUNNEL);
    report.target("≥ 200 /s", tunnelRate == null ? null : tunnelRate >= 200);
    report.add(
        "relay CPU per new stream (hub | socat | sshd)",
        "CPU ms",
        false,
        relayMsPerStream.get(TUNNEL),
        "socat",
        relayMsPerStream.get("socat"),
        "openssh",
        relayMsPerStream.get("openssh"));
    report.addNoted(
        "all processes CPU per new stream",
        "CPU ms",
        false,
        allMsPerStream.get(TUNNEL),
        "devstreams: hub+agent+forward; openssh: sshd+ssh -R+ssh -L",
        "socat",
        allMsPerStream.get("socat"),
        "openssh",
        allMsPerStream.get("openssh"));
  }

  // ---------------------------------------------------------------- memory

  private void memory(long hubIdleKib) {
    Route tunnel = routes.get(TUNNEL);
    long hubNow = Proc.rssKib(tunnel.relay());
    long hubPeak = Proc.peakRssKib(tunnel.relay());
    Route socat = routes.get("socat");
    Route ssh = routes.get("openssh");
    report.addNoted(
        "relay RSS after the run (hub | socat | sshd)",
        "MiB",
        false,
        hubNow / 1024.0,
        String.format(
            Locale.ROOT,
            "hub idle %.0f MiB before the run, peak %.0f MiB",
            hubIdleKib / 1024.0,
            hubPeak / 1024.0),
        "socat",
        socat == null ? null : Proc.rssKib(socat.relay()) / 1024.0,
        "openssh",
        ssh == null ? null : Proc.rssKib(ssh.relay()) / 1024.0);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hubIdleRssKib", hubIdleKib);
    m.put("hubRssKib", hubNow);
    m.put("hubPeakRssKib", hubPeak);
    m.put("agentRssKib", Proc.rssKib(tunnel.deviceSide()));
    m.put("forwardsRssKib", Proc.rssKib(tunnel.serviceSide()));
    details.put("memory", m);
  }

  // ---------------------------------------------------------------- helpers

  private Map<String, Object> environment() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    for (String key : endpoints.stringPropertyNames().stream().sorted().toList()) {
      if (key.startsWith("info.")) {
        m.put(key.substring(5), endpoints.getProperty(key));
      }
    }
    return m;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private InetSocketAddress address(String key) {
    String value = endpoints.getProperty(key);
    if (value == null) {
      throw new IllegalArgumentException("endpoints file: " + key + " missing");
    }
    int colon = value.lastIndexOf(':');
    return new InetSocketAddress(
        value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
  }

  private List<Long> pids(String key) {
    String value = endpoints.getProperty(key, "").strip();
    return value.isEmpty()
        ? List.of()
        : Arrays.stream(value.split("[, ]+")).map(Long::parseLong).toList();
  }

  static String sizeLabel(long bytes) {
    return bytes >= 1L << 30 && bytes % (1L << 30) == 0
        ? (bytes >> 30) + " GiB"
        : (bytes >> 20) + " MiB";
  }

  private void log(String format, Object... args) {
    log.println("bench: " + String.format(Locale.ROOT, format, args));
    log.flush();
  }
}
