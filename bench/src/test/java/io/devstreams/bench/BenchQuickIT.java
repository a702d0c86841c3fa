package io.devstreams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code bin/devstreams-bench --quick} once, end to end (real hub, agent, v2 and v1 forwards,
 * socat and, where installed, OpenSSH with real ssh and scp through {@code ProxyCommand}), so the
 * suite cannot rot: every case must run, every byte must be verified and the JSON must hold sane
 * figures. Nothing here is timed against a threshold: the figures of a quick run on a shared
 * machine say nothing about performance.
 */
class BenchQuickIT {

  private static final long RUN_LIMIT_MINUTES = 10;

  private static int exitCode;
  private static String output;
  private static Map<String, Object> json;

  @BeforeAll
  static void runQuickBench() throws Exception {
    Path root = Path.of(System.getProperty("devstreams.root", "..")).toAbsolutePath().normalize();
    Path dir = Files.createDirectories(root.resolve("bench/target/it"));
    Path jsonFile = dir.resolve("quick.json");
    Path log = dir.resolve("quick.log");
    Files.deleteIfExists(jsonFile);
    Process p =
        new ProcessBuilder(
                root.resolve("bin/devstreams-bench").toString(),
                "--quick",
                "--json",
                jsonFile.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(RUN_LIMIT_MINUTES, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError(
          "the quick bench did not finish in " + RUN_LIMIT_MINUTES + " min; log: " + log);
    }
    exitCode = p.exitValue();
    output = Files.readString(log, StandardCharsets.UTF_8);
    json = Files.exists(jsonFile) ? read(jsonFile) : Map.of();
  }

  @Test
  void exitsZeroAndWritesJson() {
    assertThat(exitCode).as("exit code; output:%n%s", output).isZero();
    assertThat(json).containsKeys("rows", "details", "problems", "settings", "table");
    assertThat(list(json, "problems")).isEmpty();
  }

  @Test
  void tableHoldsEveryCaseOfTheIssuesWithAValue() {
    List<Map<String, Object>> rows = list(json, "rows");
    IntStream.concat(IntStream.rangeClosed(1, 9), IntStream.of(13))
        .forEach(
            n ->
                assertThat(rows)
                    .as("rows of case %d", n)
                    .anySatisfy(row -> assertThat(row.get("issueCase")).isEqualTo(number(n))));
    boolean openssh =
        !String.valueOf(map(json, "environment").get("openssh")).startsWith("skipped");
    assertThat(rows)
        .filteredOn(row -> row.containsKey("issueCase"))
        .filteredOn(row -> openssh || !List.of(7, 13).contains(intOf(row.get("issueCase"))))
        .allSatisfy(row -> assertThat(row.get("devstreams")).as("%s", row).isNotNull());
    assertThat((String) json.get("table"))
        .contains("1. bulk upload", "6. relay CPU per GB", "9. ", "13. bulk upload");
  }

  @Test
  void v1IsMeasuredBesideV2() {
    List<Map<String, Object>> rows = list(json, "rows");
    assertThat(rows)
        .filteredOn(row -> String.valueOf(row.get("case")).startsWith("stream set-up p50"))
        .filteredOn(row -> intOf(row.get("issueCase")) == 2)
        .hasSize(3) // steady state through forward, the run's first (cold), in process
        .allSatisfy(row -> assertThat(map(row, "baselines")).containsKey("v1"))
        .anySatisfy(row -> assertThat(String.valueOf(row.get("case"))).contains("(cold)"));
    assertThat(map(map(json, "details"), "newStreamsSustained")).containsKeys("devstreams", "v1");
  }

  @Test
  void coldCaseTimedSshScpAndDeviceList() {
    Map<String, Object> details = map(json, "details");
    Object runs = map(json, "settings").get("coldDeviceListRuns");
    List<?> deviceListRuns = (List<?>) map(details, "coldDeviceList").get("runsSeconds");
    assertThat(deviceListRuns)
        .hasSize(intOf(runs))
        .allSatisfy(s -> assertThat(positive(s)).isTrue());
    if (details.containsKey("coldSsh")) {
      Map<String, Object> ssh = map(details, "coldSsh");
      assertThat(ssh).containsKeys("devstreams", "v1", "jvm", "direct", "openssh");
      assertThat(list(map(ssh, "devstreams"), "runsMs"))
          .hasSize(intOf(map(json, "settings").get("coldSshRuns")));
      Map<String, Object> scp = map(details, "coldScp");
      assertThat(map(scp, "devstreams")).allSatisfy((k, v) -> assertThat(v).as(k).isNotNull());
    }
  }

  @Test
  void isolationMeasuredTenVerifiedStreamsWithAndWithoutAStalledOne() {
    Map<String, Object> isolation = map(map(json, "details"), "isolation");
    assertThat(positive(isolation.get("ratio"))).as("%s", isolation).isTrue();
    assertThat(list(isolation, "samples"))
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.get("verified")).isEqualTo(number(10)));
    assertThat(positive(isolation.get("stalledStreamSentBytes"))).isTrue();
  }

  @Test
  void allManyStreamsCompletedVerified() {
    Map<String, Object> many = map(map(json, "details"), "manyStreams");
    Object streams = map(json, "settings").get("manyStreams");
    assertThat(many.get("verified")).as("%s", many).isEqualTo(streams);
    assertThat(intOf(many.get("hubActiveStreamsAllOpen")))
        .as("the hub relayed them all at once")
        .isGreaterThanOrEqualTo(intOf(streams));
    assertThat(positive(many.get("hubPeakRssKib"))).isTrue();
  }

  @Test
  void everyBulkTransferWasVerified() {
    List<Map<String, Object>> bulk = list(map(json, "details"), "bulk");
    assertThat(bulk).isNotEmpty();
    assertThat(bulk)
        .allSatisfy(
            sample -> {
              assertThat(sample.get("verified")).as("%s", sample).isEqualTo(true);
              assertThat(positive(sample.get("bytes"))).isTrue();
            });
  }

  @Test
  void allConcurrentStreamsCompletedVerified() {
    Map<String, Object> concurrent = map(map(json, "details"), "concurrentStreams");
    Object streams = map(json, "settings").get("concurrentStreams");
    assertThat(positive(streams)).isTrue();
    assertThat(concurrent.get("streams")).isEqualTo(streams);
    assertThat(concurrent.get("verified")).isEqualTo(streams);
    assertThat(positive(concurrent.get("hubPeakRssKib"))).isTrue();
    assertThat(positive(concurrent.get("hubLiveHeapAllOpenBytes"))).isTrue();
  }

  @Test
  void allIdleDevicesConnectedAndHeapWasRead() {
    Map<String, Object> idle = map(map(json, "details"), "idleDevices");
    Object devices = map(json, "settings").get("idleDevices");
    assertThat(positive(devices)).isTrue();
    assertThat(idle.get("connectedInRegistry")).isEqualTo(devices);
    assertThat(idle.get("droppedWhileMeasuring")).isEqualTo(number(0));
    assertThat(positive(idle.get("hubLiveHeapConnectedBytes"))).isTrue();
    assertThat(idle.get("hubHeapPerDeviceKib")).isInstanceOf(BigDecimal.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(Path file) throws IOException {
    try (Jsonb jsonb = JsonbBuilder.create()) {
      return jsonb.fromJson(Files.readString(file), Map.class);
    } catch (Exception e) {
      throw new IOException("cannot read " + file + ": " + e, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    Object v = m.get(key);
    assertThat(v).as("%s in the JSON; output:%n%s", key, output).isInstanceOf(Map.class);
    return (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    Object v = m.get(key);
    assertThat(v).as("%s in the JSON; output:%n%s", key, output).isInstanceOf(List.class);
    return (List<Map<String, Object>>) v;
  }

  private static int intOf(Object v) {
    return v instanceof BigDecimal d ? d.intValue() : -1;
  }

  private static BigDecimal number(int n) {
    return BigDecimal.valueOf(n);
  }

  private static boolean positive(Object v) {
    return v instanceof BigDecimal d && d.signum() > 0;
  }
}
