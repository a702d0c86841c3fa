package io.devstreams.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Case 5: many idle devices connected at once (see {@link IdleDevices}); the hub's heap per
 * connection is its live heap with all of them connected less its live heap with all of them
 * registered but none connected, over the number connected. Registration and connection are timed.
 */
final class IdleDevicesCase {

  /** The issue's target, in KiB of hub heap per idle device. */
  static final double TARGET_KIB = 50;

  private static final String PREFIX = "idle";

  private final Run run;

  IdleDevicesCase(Run run) {
    this.run = run;
  }

  void run() {
    int count = run.settings.idleDevices();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("devices", count);
    run.details.put("idleDevices", json);
    HubProbe hub;
    String cs;
    try {
      hub = HubProbe.of(run);
      cs = Files.readString(Path.of(run.endpoints.getProperty("service.connection-string-file")));
    } catch (IOException e) {
      run.problem("idle devices: cannot watch the hub: " + e.getMessage());
      return;
    }
    try (IdleDevices devices = new IdleDevices(cs.strip(), Path.of(cert()))) {
      measure(hub, devices, count, json);
    } catch (IOException | RuntimeException e) {
      run.problem("idle devices: " + e + hubGone(hub));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      run.problem("idle devices: interrupted");
    }
  }

  private String cert() {
    return run.endpoints.getProperty("trust.cert");
  }

  private static String hubGone(HubProbe hub) {
    return hub.alive() ? "" : " (the hub exited: out of heap? see its log)";
  }

  private void measure(HubProbe hub, IdleDevices devices, int count, Map<String, Object> json)
      throws IOException, InterruptedException {
    List<Long> hubPid = List.of(hub.pid());
    long t0 = System.nanoTime();
    if (failed("register", devices.register(PREFIX, count), hub)) {
      return;
    }
    double registerSeconds = (System.nanoTime() - t0) / 1e9;
    run.log("idle devices: %d registered in %.1f s", count, registerSeconds);
    long heapBefore = hub.liveHeapBytes();
    long rssBefore = Proc.rssKib(hubPid);
    double cpuBefore = run.proc.cpuSeconds(List.of(hubPid))[0];
    long t1 = System.nanoTime();
    if (failed("connect", devices.connect(), hub)) {
      return;
    }
    double connectSeconds = (System.nanoTime() - t1) / 1e9;
    double cpuPerConnectMs = (run.proc.cpuSeconds(List.of(hubPid))[0] - cpuBefore) * 1e3 / count;
    run.log(
        "idle devices: %d connected in %.1f s (hub CPU %.1f ms each)",
        count, connectSeconds, cpuPerConnectMs);
    long heapAfter = hub.liveHeapBytes();
    long rssAfter = Proc.rssKib(hubPid);
    int connected = connectedInRegistry(devices, count);
    json.put("registerSeconds", registerSeconds);
    json.put("connectSeconds", connectSeconds);
    json.put("hubCpuMsPerConnect", cpuPerConnectMs);
    json.put("connectedInRegistry", connected);
    json.put("droppedWhileMeasuring", devices.dropped());
    json.put("hubLiveHeapRegisteredBytes", heapBefore);
    json.put("hubLiveHeapConnectedBytes", heapAfter);
    json.put("hubRssRegisteredKib", rssBefore);
    json.put("hubRssConnectedKib", rssAfter);
    json.put("hubHeapPerDeviceKib", (heapAfter - heapBefore) / 1024.0 / count);
    if (connected < count || devices.dropped() > 0) {
      run.problem(
          String.format(
              Locale.ROOT,
              "idle devices: the hub shows %d of %d Connected; %d channels dropped",
              connected,
              count,
              devices.dropped()));
    }
    report(count, registerSeconds, connectSeconds, heapBefore, heapAfter, rssAfter - rssBefore);
    json.put("disconnectedSeconds", disconnect(devices));
  }

  /**
   * Drops every control channel and waits (at most two minutes, reading the registry again and
   * again) until the hub shows them all Disconnected, so that the next case starts on a quiet hub.
   * Returns the seconds it took, or null if some still showed Connected.
   */
  private Double disconnect(IdleDevices devices) {
    long t0 = System.nanoTime();
    devices.disconnect();
    long deadline = t0 + 120_000_000_000L;
    int connected;
    do {
      connected = devices.connectedInRegistry(PREFIX);
    } while (connected > 0 && System.nanoTime() < deadline);
    double seconds = (System.nanoTime() - t0) / 1e9;
    run.log("idle devices: %d still Connected %.1f s after dropping them", connected, seconds);
    return connected == 0 ? seconds : null;
  }

  private boolean failed(String what, IdleDevices.Failures failures, HubProbe hub) {
    if (failures.count() == 0) {
      return false;
    }
    run.problem(
        "idle devices: "
            + failures.count()
            + " failed to "
            + what
            + ": "
            + String.join("; ", failures.examples())
            + hubGone(hub));
    return true;
  }

  /**
   * The devices the registry shows Connected. The hub records a connection just after its handshake
   * answer, so a device can be a moment late: the list is read again (each read of thousands of
   * devices takes a while) a few times before a shortfall counts.
   */
  private static int connectedInRegistry(IdleDevices devices, int expected) {
    int connected = 0;
    for (int attempt = 0; attempt < 5 && connected < expected; attempt++) {
      connected = devices.connectedInRegistry(PREFIX);
    }
    return connected;
  }

  private void report(
      int count,
      double registerSeconds,
      double connectSeconds,
      long heapBefore,
      long heapAfter,
      long rssDeltaKib) {
    double perDeviceKib = (heapAfter - heapBefore) / 1024.0 / count;
    run.log(
        "idle devices %d: registered in %.1f s, connected in %.1f s; hub live heap %.0f → %.0f"
            + " MiB, %.1f KiB per device; RSS %+.1f KiB per device",
        count,
        registerSeconds,
        connectSeconds,
        heapBefore / 1048576.0,
        heapAfter / 1048576.0,
        perDeviceKib,
        rssDeltaKib / (double) count);
    run.report.issueCase(5);
    run.report.addNoted(
        String.format(Locale.ROOT, "hub heap per idle device (%,d connected)", count),
        "KiB",
        false,
        perDeviceKib,
        String.format(
            Locale.ROOT,
            "%.2fx the target; live heap %.0f → %.0f MiB; RSS %+.0f KiB each; registered in %.1f"
                + " s (%.0f/s), connected in %.1f s (%.0f/s)",
            perDeviceKib / TARGET_KIB,
            heapBefore / 1048576.0,
            heapAfter / 1048576.0,
            rssDeltaKib / (double) count,
            registerSeconds,
            count / registerSeconds,
            connectSeconds,
            count / connectSeconds));
    run.report.target("< 50 KiB", perDeviceKib < TARGET_KIB);
  }
}
