package io.devstreams.bench;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.Headers;
import io.devstreams.protocol.tunnel.HubTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub as the cases watch it: its own {@code /metrics} (Prometheus text) over HTTPS, read with a
 * token of the run's policy (the endpoint needs the RegistryRead right), its live heap (used heap
 * right after a full GC asked for with {@code jcmd GC.run}: raw used heap swings by the young
 * generation and says little), and its resident set sampled while a case runs.
 */
final class HubProbe {

  /** Used heap, as the hub's /metrics names it. */
  static final String HEAP_USED = "memory_usedHeap_bytes";

  /** Streams the broker relays now. */
  static final String ACTIVE_STREAMS = "devstreams_streams_active";

  /** Bytes the hub holds, read from one side and not yet taken by the other. */
  static final String BUFFERED = "devstreams_streams_buffered_bytes";

  /** Live threads in the hub's JVM. */
  static final String THREADS = "thread_count";

  private final HttpClient http;
  private final URI metrics;
  private final ConnectionString credentials;
  private final long pid;

  HubProbe(ConnectionString credentials, Path trustCert, long pid) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(HubTls.sslContext(trustCert))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.metrics = URI.create("https://" + credentials.hostName() + "/metrics");
    this.credentials = credentials;
    this.pid = pid;
  }

  /**
   * The probe for the run's hub: host and credentials from the service connection string (the
   * owner's, which grants RegistryRead), pid of the relay.
   */
  static HubProbe of(Run run) throws IOException {
    String csFile = run.endpoints.getProperty("service.connection-string-file");
    String cert = run.endpoints.getProperty("trust.cert");
    List<Long> hub = run.tunnel().relay();
    if (csFile == null || cert == null || hub.isEmpty()) {
      throw new IOException("the endpoints file names no hub connection string, cert or pid");
    }
    ConnectionString cs = ConnectionString.parse(Files.readString(Path.of(csFile)).strip());
    return new HubProbe(cs, Path.of(cert), hub.get(0));
  }

  long pid() {
    return pid;
  }

  /** One scrape: every sample by metric name (labels dropped; the first sample of a name wins). */
  Map<String, Double> metrics() throws IOException {
    HttpResponse<String> r;
    try {
      r =
          http.send(
              HttpRequest.newBuilder(metrics)
                  .header(
                      Headers.AUTHORIZATION,
                      credentials.createToken(Duration.ofMinutes(10), Clock.systemUTC()))
                  .timeout(Duration.ofSeconds(30))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + metrics, e);
    }
    if (r.statusCode() != 200) {
      throw new IOException(metrics + " answered " + r.statusCode());
    }
    Map<String, Double> values = new HashMap<>();
    for (String line : r.body().split("\n")) {
      int space = line.lastIndexOf(' ');
      if (line.isBlank() || line.startsWith("#") || space < 0) {
        continue;
      }
      String series = line.substring(0, space).trim();
      int brace = series.indexOf('{');
      try {
        values.putIfAbsent(
            brace < 0 ? series : series.substring(0, brace),
            Double.parseDouble(line.substring(space + 1).trim()));
      } catch (NumberFormatException e) {
        // a sample the bench does not read
      }
    }
    return values;
  }

  /** One metric from a fresh scrape; fails if the hub does not publish it. */
  long metric(String name) throws IOException {
    Double v = metrics().get(name);
    if (v == null) {
      throw new IOException("the hub's /metrics has no " + name);
    }
    return v.longValue();
  }

  /** The hub's used heap right after a full GC, in bytes. */
  long liveHeapBytes() throws IOException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("jcmd " + pid + " GC.run failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during jcmd GC.run", e);
    }
    return metric(HEAP_USED);
  }

  /** Whether the hub process is still there (it exits on OutOfMemoryError). */
  boolean alive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Samples the hub's resident set every 50 ms until closed; the peak seen, in KiB. */
  RssPeak watchRss() {
    return new RssPeak(pid);
  }

  /** A sampler of one process's VmRSS, from {@code /proc}, on a daemon thread. */
  static final class RssPeak implements AutoCloseable {
    private final AtomicLong peak = new AtomicLong();
    private final Thread sampler;

    private RssPeak(long pid) {
      sample(pid);
      sampler =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  sample(pid);
                  try {
                    Thread.sleep(50); // the sampling period, not a wait for an event
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "bench-rss-sampler");
      sampler.setDaemon(true);
      sampler.start();
    }

    private void sample(long pid) {
      peak.accumulateAndGet(Proc.rssKib(List.of(pid)), Math::max);
    }

    /** The largest resident set seen so far, in KiB. */
    long peakKib() {
      return peak.get();
    }

    @Override
    public void close() {
      sampler.interrupt();
    }
  }
}
