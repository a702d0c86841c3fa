package io.devstreams.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Case 2, latency half: stream set-up, from the TCP connect (or the in-process request) to the
 * first echoed byte, over streams opened one after the other; through every route's echo port, and
 * with the service library in this process (no local proxy), split into its phases.
 */
final class SetUpCase {

  private final Run run;
  private final Settings settings;
  private final Map<String, Stats> setUp = new LinkedHashMap<>();

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
        Latency.sequential(route.echo(), settings.setupWarmUp());
        Stats s = new Stats(Latency.sequential(route.echo(), settings.setupCount()));
        setUp.put(route.name(), s);
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
  }

  private void row(String name, Double value, double p, String note) {
    run.report.addNoted(
        name,
        "ms",
        false,
        value,
        note,
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
      inProcessRows(new Stats(first), new Stats(granted), new Stats(opened));
    } catch (IOException | RuntimeException e) {
      run.problem("in-process ServiceClient set-up: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.problem("in-process ServiceClient set-up interrupted");
    }
  }

  private void inProcessRows(Stats total, Stats grant, Stats open) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("firstByte", total.summaryMillis());
    json.put("createStream", grant.summaryMillis());
    json.put("openStreamAfterGrant", open.summaryMillis());
    run.details.put("setUpServiceClientInProcess", json);
    run.report.issueCase(2);
    run.log(
        "set-up     ServiceClient p50 %7.2f ms (createStream %.2f + openStream %.2f)  p99 %7.2f ms",
        total.percentile(50) / 1e6,
        grant.percentile(50) / 1e6,
        open.percentile(50) / 1e6,
        total.percentile(99) / 1e6);
    for (double p : new double[] {50, 99}) {
      row(
          "stream set-up p" + (int) p + ", ServiceClient in-process",
          Run.millis(total, p),
          p,
          String.format(
              Locale.ROOT,
              "createStream p%d %.2f ms, openStream p%d %.2f ms",
              (int) p,
              grant.percentile(p) / 1e6,
              (int) p,
              open.percentile(p) / 1e6));
    }
  }
}
