package io.devstreams.bench;

import java.util.Locale;

/**
 * Issue 13's targets as rows of their own (case 13), each on figures the other cases measured in
 * this run ({@link Run#figure}), next to the baseline the target names. A target whose figures were
 * not measured (its case not selected, OpenSSH missing) shows "?".
 */
final class TargetsCase {

  /** All processes' CPU ms per new stream (rate case), by route. */
  static final String STREAM_CPU_MS = "allCpuMsPerNewStream";

  /** New streams per second with the rate case's clients, by route. */
  static final String STREAMS_PER_SECOND = "newStreamsPerSecond";

  /** Sequential set-up p50 in ms, by route. */
  static final String SET_UP_P50_MS = "setUpP50Ms";

  /** Bulk median MB/s, by route, each way. */
  static final String BULK_UP = "bulkUploadMBps";

  static final String BULK_DOWN = "bulkDownloadMBps";

  /** All processes' CPU s per GB, by route, each way. */
  static final String CPU_PER_GB_UP = "allCpuSPerGbUpload";

  static final String CPU_PER_GB_DOWN = "allCpuSPerGbDownload";

  /** 32-byte round trip p50 in µs, by route. */
  static final String RTT_P50_US = "roundTripP50Us";

  /**
   * Milliseconds an ssh connection takes more than direct ssh: devstreams (the master path, its
   * warm runs), v1 (the JVM stdio path with protocol 1), openssh (the jump host).
   */
  static final String SSH_ADDED_MS = "sshAddedMs";

  /** scp MB/s each way: devstreams, v1, direct, openssh (the jump host). */
  static final String SCP_UP = "scpUploadMBps";

  static final String SCP_DOWN = "scpDownloadMBps";

  /** Seconds a cold {@code bin/devstreams device list} takes (median). */
  static final String DEVICE_LIST_S = "deviceListSeconds";

  /** Throughput of 10 streams with an 11th stalled, over without it. */
  static final String ISOLATION_RATIO = "isolationRatio";

  /** Hub peak RSS in MiB with the many case's streams. */
  static final String MANY_PEAK_RSS_MIB = "manyHubPeakRssMiB";

  /** The many case's stream count. */
  static final String MANY_STREAMS = "manyStreams";

  private final Run run;

  TargetsCase(Run run) {
    this.run = run;
  }

  void run() {
    run.report.issueCase(13);
    String t = Route.TUNNEL;
    String ssh = "openssh";

    Double cpu = run.figure(STREAM_CPU_MS, t);
    row("CPU per new stream, all processes", "CPU ms", false, STREAM_CPU_MS, null);
    atMost("≤ 1.0x openssh", cpu, run.figure(STREAM_CPU_MS, ssh), 0);

    Double rate = run.figure(STREAMS_PER_SECOND, t);
    row(
        "new streams per second, " + run.settings.rateClients() + " clients",
        "streams/s",
        true,
        STREAMS_PER_SECOND,
        null);
    run.report.target("≥ 1,000 /s", rate == null ? null : rate >= 1000);

    Double setUp = run.figure(SET_UP_P50_MS, t);
    row("stream set-up p50 through forward", "ms", false, SET_UP_P50_MS, null);
    run.report.target("< 5 ms", setUp == null ? null : setUp < 5);

    for (boolean up : new boolean[] {true, false}) {
      String figure = up ? BULK_UP : BULK_DOWN;
      Double bulk = run.figure(figure, t);
      Double base = run.figure(figure, ssh);
      row("bulk " + (up ? "upload" : "download"), "MB/s", true, figure, null);
      run.report.target("≥ 1.2x openssh", bulk == null || base == null ? null : bulk >= 1.2 * base);
    }
    for (boolean up : new boolean[] {true, false}) {
      String figure = up ? CPU_PER_GB_UP : CPU_PER_GB_DOWN;
      row(
          "all processes CPU per GB " + (up ? "upload" : "download"),
          "CPU s/GB",
          false,
          figure,
          null);
      atMost("≤ 1.0x openssh", run.figure(figure, t), run.figure(figure, ssh), 0);
    }

    Double rtt = run.figure(RTT_P50_US, t);
    Double socat = run.figure(RTT_P50_US, "socat");
    row(
        "round trip p50",
        "µs",
        false,
        RTT_P50_US,
        rtt == null || socat == null
            ? null
            : String.format(Locale.ROOT, "+%.0f µs over socat", rtt - socat));
    atMost("≤ socat + 100 µs", rtt, socat, 100);

    row(
        "ssh connection: time added over direct ssh",
        "ms",
        false,
        SSH_ADDED_MS,
        "devstreams: ProxyCommand 'devstreams stdio' (master); v1: its JVM path with"
            + " --protocol 1; openssh: a jump host (ssh -W)");
    atMost("≤ jump host (openssh)", run.figure(SSH_ADDED_MS, t), run.figure(SSH_ADDED_MS, ssh), 0);
    for (boolean up : new boolean[] {true, false}) {
      String figure = up ? SCP_UP : SCP_DOWN;
      Double scp = run.figure(figure, t);
      Double jump = run.figure(figure, ssh);
      row(
          "scp " + (up ? "upload" : "download") + " through ProxyCommand",
          "MB/s",
          true,
          figure,
          "openssh: through the jump host");
      run.report.target("≥ jump host (openssh)", scp == null || jump == null ? null : scp >= jump);
    }
    Double list = run.figure(DEVICE_LIST_S, t);
    row("devstreams device list, cold", "s", false, DEVICE_LIST_S, null);
    run.report.target("< 0.5 s", list == null ? null : list < 0.5);

    Double isolation = run.figure(ISOLATION_RATIO, t);
    row(
        "isolation: 10 streams' throughput with an 11th stalled, over without",
        "ratio",
        true,
        ISOLATION_RATIO,
        null);
    run.report.target("≥ 0.9", isolation == null ? null : isolation >= 0.9);

    Double rss = run.figure(MANY_PEAK_RSS_MIB, t);
    Double many = run.figure(MANY_STREAMS, t);
    row(
        String.format(
            Locale.ROOT,
            "hub peak RSS with %,d concurrent streams",
            many == null ? 10_000 : many.intValue()),
        "MiB",
        false,
        MANY_PEAK_RSS_MIB,
        HubHeap.note());
    run.report.target("< 2048 MiB", rss == null ? null : rss < 2048);
  }

  /** A row of {@code figure}'s values for every route that has one. */
  private void row(String name, String unit, boolean higherIsBetter, String figure, String note) {
    run.report.addNoted(
        name,
        unit,
        higherIsBetter,
        run.figure(figure, Route.TUNNEL),
        note,
        Route.V1,
        run.figure(figure, Route.V1),
        "socat",
        run.figure(figure, "socat"),
        "direct",
        run.figure(figure, "direct"),
        "openssh",
        run.figure(figure, "openssh"));
  }

  /** Sets the target "value at most baseline + slack" on the last row. */
  private void atMost(String target, Double value, Double baseline, double slack) {
    run.report.target(target, value == null || baseline == null ? null : value <= baseline + slack);
  }
}
