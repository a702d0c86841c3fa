package io.devstreams.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Case 2, latency half: stream set-up, from the TCP connect (or the in-process request) to the
 * first echoed byte, over streams opened one after the other; through every route's echo port, and
 * with the service library in this process (no local proxy), v2 and v1, split into their phases.
 *
 * <p>The figures are steady state: the devstreams routes first open {@link Settings#setupWarmUp}
 * streams (a hub and clients that carried thousands, as a hub in service has), the baselines, with
 * nothing to warm, {@value #COLD} of them. The first {@value #COLD} of the devstreams warm-up are
 * reported beside them, as the cold case.
 */
final class SetUpCase {

  private final Run run;
  private final Settings settings;

  /** Streams of the cold figure, and of the baselines' warm-up. */
  static final int COLD = 20;

  private final Map<String, Stats> setUp = new LinkedHashMap<>();
  private final Map<String, Stats> cold = new LinkedHashMap<>();

  SetUpCase(Run run) {
    this.run = run;
    this.settings = run.settings;
  }

  void run() {
    throughRoutes();
    inProcess();
  }

  private void throughRoutes() {
    Map<String, Object> json = new LinkedHashMap<>();
    for (Route route : run.routes.values()) {
      try {
        boolean ours = route.name().equals(Route.TUNNEL) || route.name().equals(Route.V1);
        long[] warmUp =
            Latency.sequential(
                route.echo(),
                ours ? settings.setupWarmUp() : Math.min(COLD, settings.setupWarmUp()));
        if (ours && warmUp.length > 0) {
          cold.put(route.name(), new Stats(Arrays.copyOf(warmUp, Math.min(COLD, warmUp.length))));
        }
        Stats s = new Stats(Latency.sequential(route.echo(), settings.setupCount()));
        setUp.put(route.name(), s);
        run.figure(TargetsCase.SET_UP_P50_MS, route.name(), s.percentile(50) / 1e6);
        json.put(route.name(), s.summaryMillis());
        run.log(
            "set-up     %-10s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms",
            route.name(), s.percentile(50) / 1e6, s.percentile(99) / 1e6, s.max() / 1e6);
      } catch (IOException e) {
        run.problem("stream set-up via " + route.name() + ": " + e);
      }
    }
    run.details.put("setUpSequential", json);
    run.report.issueCase(2);
    for (double p : new double[] {50, 99}) {
      Double tunnel = Run.millis(setUp.get(Route.TUNNEL), p);
      row(
          "stream set-up p" + (int) p + ", forward port (" + settings.setupCount() + " sequential)",
          tunnel,
          p,
          null);
      double limit = p == 50 ? 20 : 100;
      run.report.target("< " + (int) limit + " ms", tunnel == null ? null : tunnel < limit);
    }
    Stats first = cold.get(Route.TUNNEL);
    if (first != null) {
      Stats firstV1 = cold.get(Route.V1);
      run.report.addNoted(
          "stream set-up p50, the run's first " + first.count() + " (cold), forward port",
          "ms",
          false,
          first.percentile(50) / 1e6,
          "before the " + settings.setupWarmUp() + " streams of warm-up",
          Route.V1,
          firstV1 == null ? null : firstV1.percentile(50) / 1e6);
      json.put(Route.TUNNEL + "First" + COLD, first.summaryMillis());
    }
  }

  private void row(String name, Double value, double p, String note) {
    run.report.addNoted(
        name,
        "ms",
        false,
        value,
        note,
        Route.V1,
        Run.millis(setUp.get(Route.V1), p),
        "socat",
        Run.millis(setUp.get("socat"), p),
        "direct",
        Run.millis(setUp.get("direct"), p),
        "openssh",
        Run.millis(setUp.get("openssh"), p));
  }

  private void inProcess() {
    String csFile = run.endpoints.getProperty("service.connection-string-file");
    String cert = run.endpoints.getProperty("trust.cert");
    String device = run.endpoints.getProperty("device.id");
    String service = run.endpoints.getProperty("echo.service", "echo");
    if (csFile == null || cert == null || device == null) {
      return;
    }
    try (InProcess client =
        new InProcess(Files.readString(Path.of(csFile)).strip(), Path.of(cert), device, service)) {
      Phases v2 = measure(client::onceV2);
      Phases v1 = measure(client::onceV1);
      inProcessRows(v2, v1);
    } catch (IOException | RuntimeException e) {
      run.problem("in-process ServiceClient set-up: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.problem("in-process ServiceClient set-up interrupted");
    }
  }

  /** One way of setting up a stream in process. */
  private interface SetUp {
    InProcess.Setup once() throws IOException, InterruptedException;
  }

  /** The set-ups' phases: to the first echoed byte, to the grant, from the grant to open. */
  private record Phases(Stats total, Stats grant, Stats open) {}

  private Phases measure(SetUp setUp) throws IOException, InterruptedException {
    for (int i = 0; i < settings.setupWarmUp(); i++) {
      setUp.once();
    }
    long[] granted = new long[settings.setupCount()];
    long[] opened = new long[settings.setupCount()];
    long[] first = new long[settings.setupCount()];
    for (int i = 0; i < settings.setupCount(); i++) {
      InProcess.Setup s = setUp.once();
      granted[i] = s.granted();
      opened[i] = s.opened() - s.granted();
      first[i] = s.firstByte();
    }
    return new Phases(new Stats(first), new Stats(granted), new Stats(opened));
  }

  private void inProcessRows(Phases v2, Phases v1) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("v2FirstByte", v2.total().summaryMillis());
    json.put("v2Open", v2.grant().summaryMillis());
    json.put("v1FirstByte", v1.total().summaryMillis());
    json.put("v1CreateStream", v1.grant().summaryMillis());
    json.put("v1OpenStreamAfterGrant", v1.open().summaryMillis());
    run.details.put("setUpServiceClientInProcess", json);
    run.report.issueCase(2);
    run.log(
        "set-up     ServiceClient v2 p50 %7.2f ms (open %.2f)  p99 %7.2f ms",
        v2.total().percentile(50) / 1e6,
        v2.grant().percentile(50) / 1e6,
        v2.total().percentile(99) / 1e6);
    run.log(
        "set-up     ServiceClient v1 p50 %7.2f ms (createStream %.2f + openStream %.2f)  p99 %7.2f"
            + " ms",
        v1.total().percentile(50) / 1e6,
        v1.grant().percentile(50) / 1e6,
        v1.open().percentile(50) / 1e6,
        v1.total().percentile(99) / 1e6);
    for (double p : new double[] {50, 99}) {
      int q = (int) p;
      run.report.addNoted(
          "stream set-up p" + q + ", ServiceClient in-process",
          "ms",
          false,
          Run.millis(v2.total(), p),
          String.format(
              Locale.ROOT,
              "v2 open p%d %.2f ms; v1 createStream p%d %.2f ms, openStream p%d %.2f ms",
              q,
              v2.grant().percentile(p) / 1e6,
              q,
              v1.grant().percentile(p) / 1e6,
              q,
              v1.open().percentile(p) / 1e6),
          Route.V1,
          Run.millis(v1.total(), p),
          "socat",
          Run.millis(setUp.get("socat"), p),
          "direct",
          Run.millis(setUp.get("direct"), p),
          "openssh",
          Run.millis(setUp.get("openssh"), p));
    }
  }
}
