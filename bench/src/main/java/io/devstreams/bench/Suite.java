package io.devstreams.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Runs every case against every path the orchestrating script started ({@code devstreams}: the full
 * tunnel through the service-side {@code forward}, the hub and the device agent, protocol v2;
 * {@code v1}: the same with {@code forward --protocol 1}; {@code socat}: a plain TCP relay; {@code
 * direct}: the targets themselves; {@code openssh}: a reverse tunnel through a private sshd), then
 * issue 13's targets on what they measured; prints the table and writes the JSON.
 */
final class Suite {

  /** The cases {@code --only} may name, in the order they run. */
  static final List<String> CASES =
      List.of(
          "bulk",
          "round-trip",
          "set-up",
          "rate",
          "cold",
          "isolation",
          "idle",
          "concurrent",
          "many");

  private final Properties endpoints;
  private final Set<String> only;
  private final Run run;

  /** A suite of every case, or only of those in {@code only} when it is not empty. */
  Suite(Properties endpoints, Settings settings, Set<String> only, PrintStream log) {
    if (!CASES.containsAll(only)) {
      throw new IllegalArgumentException("cases are " + String.join(", ", CASES));
    }
    this.endpoints = endpoints;
    this.only = Set.copyOf(only);
    Map<String, Route> routes = new LinkedHashMap<>();
    for (String name : Route.NAMES) {
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
    if (!routes.containsKey(Route.TUNNEL)) {
      throw new IllegalArgumentException("the endpoints file names no devstreams route");
    }
    Proc proc = new Proc(Long.parseLong(endpoints.getProperty("clk.tck", "100")));
    this.run = new Run(settings, endpoints, routes, proc, log);
  }

  /** Runs everything; returns the process exit code (0: every transfer verified, no failure). */
  int run(Path jsonFile, PrintStream out) throws Exception {
    String started = Instant.now().toString();
    String loadAtStart = loadAverage();
    long startNanos = System.nanoTime();
    long hubIdleRss = Proc.rssKib(run.tunnel().relay());

    runCase("bulk", () -> new BulkCase(run).run());
    runCase("round-trip", () -> new RoundTripCase(run).run());
    runCase("set-up", () -> new SetUpCase(run).run());
    runCase("rate", () -> new StreamRateCase(run).run());
    runCase("cold", () -> new ColdCase(run).run());
    runCase("isolation", () -> new IsolationCase(run).run());
    // Idle devices before concurrent streams: after 1,000 concurrent streams the hub keeps about
    // 150 MiB it frees only under heap pressure, which would come off the idle devices' figure.
    runCase("idle", () -> new IdleDevicesCase(run).run());
    runCase("concurrent", () -> new ConcurrentStreamsCase(run).run());
    // Last: its 10,000 streams take the agent 20,000 threads, and the hub's heap as it grows.
    runCase("many", () -> new ManyStreamsCase(run).run());
    new MemoryCase(run).run(hubIdleRss);
    new TargetsCase(run).run();

    double seconds = (System.nanoTime() - startNanos) / 1e9;
    String loadAtEnd = loadAverage();
    String table = table(loadAtStart, loadAtEnd);
    out.println();
    out.print(table);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("suite", "devstreams-bench");
    json.put("formatVersion", 1);
    json.put("startedAt", started);
    json.put("measuringSeconds", seconds);
    json.put("settings", run.settings.json());
    Map<String, Object> environment = environment();
    environment.put("load1AtStart", loadAtStart);
    environment.put("load1AtEnd", loadAtEnd);
    json.put("environment", environment);
    json.put("rows", run.report.json());
    json.put("details", run.details);
    json.put("problems", run.problems);
    json.put("table", table);
    Files.createDirectories(jsonFile.toAbsolutePath().getParent());
    Files.writeString(jsonFile, Json.write(json));
    if (!run.problems.isEmpty()) {
      out.println();
      run.problems.forEach(p -> out.println("PROBLEM: " + p));
    }
    return run.problems.isEmpty() ? 0 : 1;
  }

  /** One case of the suite; a case reports its own failures, this catches the unexpected. */
  private interface Case {
    void run() throws InterruptedException;
  }

  /** Runs a selected case; one that breaks is a problem of the run, and the others still run. */
  private void runCase(String name, Case body) throws InterruptedException {
    if (!only.isEmpty() && !only.contains(name)) {
      return;
    }
    try {
      body.run();
    } catch (RuntimeException e) {
      run.problem("case " + name + " broke: " + e);
      e.printStackTrace();
    }
  }

  private String table(String loadAtStart, String loadAtEnd) {
    return run.report.table()
        + String.format(
            Locale.ROOT,
            "load average (1 min) %s at start, %s at end, on %d cores; the hub, the agent,"
                + " the forwards and the measuring client share them.%n",
            loadAtStart,
            loadAtEnd,
            Runtime.getRuntime().availableProcessors())
        + (run.settings.quick()
            ? "--quick: small sizes and JVMs barely warmed up: a smoke test of every case,"
                + " not a measurement.\n"
            : "");
  }

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
}
