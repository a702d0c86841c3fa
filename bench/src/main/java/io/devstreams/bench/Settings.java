package io.devstreams.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** How much each case does: the full run's sizes, or {@code --quick}'s small ones. */
record Settings(
    boolean quick,
    long bulkBytes,
    long warmUpBytes,
    int rounds,
    int setupCount,
    int setupWarmUp,
    int rateClients,
    long rateWarmUpMillis,
    long rateMillis,
    int rttCount,
    int rttWarmUp,
    long transferTimeoutSeconds,
    int concurrentStreams,
    long concurrentBytes,
    int concurrentSetUpsInFlight,
    int idleDevices,
    int sshRuns,
    long scpBytes,
    int listRuns,
    long isolationBytes,
    int manyStreams,
    int manyConnections,
    int manyChunk,
    int manyRounds,
    int manyOpeners,
    int manyWorkers) {

  static Settings of(boolean quick) {
    return quick
        ? new Settings(
            true, 64L << 20, 8L << 20, 1, 20, 3, 4, 1_000, 2_000, 1_000, 200, 60, 50, 1L << 20, 50,
            200, 3, 16L << 20, 2, 4L << 20, 200, 2, 4096, 4, 8, 4)
        : new Settings(
            false,
            1L << 30,
            768L << 20,
            3,
            500,
            2_000,
            4,
            20_000,
            10_000,
            10_000,
            2_000,
            180,
            1_000,
            1L << 20,
            100,
            10_000,
            10,
            200L << 20,
            5,
            64L << 20,
            10_000,
            4,
            4096,
            16,
            32,
            16);
  }

  /**
   * A copy with case 9's size from {@code spec}, {@code STREAMS,CONNECTIONS,CHUNK,ROUNDS} (for a
   * run by hand against {@code bin/devstreams-bench --hold}).
   */
  Settings withMany(String spec) {
    String[] v = spec.split(",");
    if (v.length != 4) {
      throw new IllegalArgumentException("--many takes STREAMS,CONNECTIONS,CHUNK,ROUNDS");
    }
    return new Settings(
        quick,
        bulkBytes,
        warmUpBytes,
        rounds,
        setupCount,
        setupWarmUp,
        rateClients,
        rateWarmUpMillis,
        rateMillis,
        rttCount,
        rttWarmUp,
        transferTimeoutSeconds,
        concurrentStreams,
        concurrentBytes,
        concurrentSetUpsInFlight,
        idleDevices,
        sshRuns,
        scpBytes,
        listRuns,
        isolationBytes,
        Integer.parseInt(v[0]),
        Integer.parseInt(v[1]),
        Integer.parseInt(v[2]),
        Integer.parseInt(v[3]),
        manyOpeners,
        manyWorkers);
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
    m.put("rateWarmUpMillis", rateWarmUpMillis);
    m.put("rateMillis", rateMillis);
    m.put("pingPongs", rttCount);
    m.put("pingPongWarmUp", rttWarmUp);
    m.put("concurrentStreams", concurrentStreams);
    m.put("concurrentBytesEachWay", concurrentBytes);
    m.put("concurrentSetUpsInFlight", concurrentSetUpsInFlight);
    m.put("idleDevices", idleDevices);
    m.put("coldSshRuns", sshRuns);
    m.put("coldScpBytes", scpBytes);
    m.put("coldDeviceListRuns", listRuns);
    m.put("isolationBytesEachWay", isolationBytes);
    m.put("manyStreams", manyStreams);
    m.put("manyConnections", manyConnections);
    m.put("manyBytesEachWay", (long) manyChunk * manyRounds);
    m.put("manyChunk", manyChunk);
    m.put("manyOpeners", manyOpeners);
    m.put("manyWorkers", manyWorkers);
    return m;
  }
}
