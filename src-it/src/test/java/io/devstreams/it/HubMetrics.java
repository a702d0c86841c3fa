package io.devstreams.it;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The hub's own {@code /metrics} (Prometheus text), read over real HTTPS with a token of the {@code
 * registryRead} policy (the endpoint takes the Metrics or the RegistryRead right).
 *
 * <p>A series with labels is found under its whole name as the hub writes it, {@code
 * devstreams_relayed_bytes_total{from="service"}}, and under its bare name for its first sample.
 */
final class HubMetrics {
  static final String ACTIVE = "devstreams_streams_active";
  static final String PENDING = "devstreams_streams_pending";
  static final String BUFFERED = "devstreams_streams_buffered_bytes";
  static final String FROM_SERVICE = "devstreams_relayed_bytes_total{from=\"service\"}";
  static final String FROM_DEVICE = "devstreams_relayed_bytes_total{from=\"device\"}";
  static final String HEAP_USED = "memory_usedHeap_bytes";

  private final HubHttp http;

  HubMetrics(HubHttp http) {
    this.http = http;
  }

  /** One scrape: every sample by its series, and by its bare name (the first sample wins). */
  Map<String, Double> scrape() {
    HttpResponse<String> r = http.get("/metrics", http.policyToken("registryRead"));
    if (r.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + r.statusCode() + ": " + r.body());
    }
    Map<String, Double> values = new HashMap<>();
    for (String line : r.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String series = line.substring(0, space).trim();
      int brace = series.indexOf('{');
      String name = brace < 0 ? series : series.substring(0, brace);
      try {
        double value = Double.parseDouble(line.substring(space + 1).trim());
        values.putIfAbsent(name, value);
        values.put(series, value);
      } catch (NumberFormatException e) {
        // a sample this test does not read
      }
    }
    return values;
  }

  /** One metric from a fresh scrape; fails if the hub does not publish it. */
  long value(String name) {
    return require(scrape(), name);
  }

  static long require(Map<String, Double> scrape, String name) {
    Double v = scrape.get(name);
    if (v == null) {
      throw new AssertionError("/metrics has no " + name + "; it has " + scrape.keySet());
    }
    return v.longValue();
  }

  /**
   * Scrapes until {@code condition} holds, at most {@code timeout}; returns the scrape that
   * satisfied it, or fails with the last one.
   */
  Map<String, Double> awaitScrape(Predicate<Map<String, Double>> condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Double> last;
    do {
      last = scrape();
      if (condition.test(last)) {
        return last;
      }
      // Polling the hub's own gauge: each scrape is an HTTPS round trip; 200 ms keeps it cheap.
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "metrics did not reach the expected state within " + timeout + ": " + filtered(last));
  }

  /**
   * The hub's used heap, from /metrics, right after a full GC asked for with {@code jcmd}: its live
   * set. (Raw used heap swings by the size of the young generation and says little.) The hub's
   * launcher execs the JVM, so the hub process is the JVM.
   */
  long liveHeapAfterFullGc(HubProcess hub) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(hub.pid()), "GC.run")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("jcmd " + hub.pid() + " GC.run failed: " + out);
    }
    return value(HEAP_USED);
  }

  static Map<String, Double> filtered(Map<String, Double> scrape) {
    Map<String, Double> ours = new HashMap<>();
    scrape.forEach(
        (k, v) -> {
          if (k.startsWith("devstreams_") || k.equals(HEAP_USED)) {
            ours.put(k, v);
          }
        });
    return ours;
  }
}
