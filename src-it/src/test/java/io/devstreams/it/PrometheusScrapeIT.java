package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's) scrapes a real hub as docs/operations.md says: over HTTPS, trusting
 * the hub's certificate, with the {@code metrics} policy's name and key as HTTP Basic credentials
 * kept in a file, and docs/prometheus/devstreams-rules.yml loaded. The hub's series are read back
 * through Prometheus' HTTP API after a stream relayed known bytes and one was refused.
 */
class PrometheusScrapeIT {
  private static final Duration UP = Duration.ofSeconds(120);
  private static final int PAYLOAD = 54_321;

  private static Path dir;
  private static HubProcess hub;
  private static TcpTargets echo;
  private static ManagedProcess agent;
  private static Process prometheus;
  private static int prometheusPort;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "prometheus-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
    echo = TcpTargets.echo();
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", "scraped");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    agent =
        ManagedProcess.agent(
            dir.resolve("agent.log"),
            hub,
            created.stdout().trim(),
            List.of("--service", "echo=127.0.0.1:" + echo.port()));
    agent.await("connected to", UP);
    assertThat(Cli.run(Cli.ownerEnv(hub), "device", "create", "asleep").exitCode()).isZero();
    prometheus = startPrometheus();
  }

  @AfterAll
  static void stop() {
    if (prometheus != null) {
      prometheus.destroy();
      try {
        prometheus.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Closeables.closeAll(agent, echo, hub);
  }

  @Test
  void prometheusReadsTheHubsSeriesWithTheMetricsPolicysKey() throws IOException {
    byte[] payload = new byte[PAYLOAD];
    new Random(7).nextBytes(payload);
    Cli.Result relayed = stdio(payload, "scraped", "echo");
    assertThat(relayed.exitCode()).as(relayed.stderr()).isZero();
    Cli.Result refused = stdio(new byte[0], "asleep", "echo");
    assertThat(refused.exitCode()).as(refused.stderr()).isEqualTo(1);

    assertThat(awaitValue("up{job=\"devstreams\"}", v -> v == 1)).isEqualTo(1);
    awaitValue("devstreams_streams_opened_total", v -> v == 1);
    awaitValue("devstreams_streams_closed_total", v -> v == 1);
    awaitValue("devstreams_streams_refused_total{reason=\"offline\"}", v -> v == 1);
    awaitValue("devstreams_streams_refused_total{reason=\"throttled\"}", v -> v == 0);
    awaitValue("devstreams_relayed_bytes_total{from=\"service\"}", v -> v == PAYLOAD);
    awaitValue("devstreams_relayed_bytes_total{from=\"device\"}", v -> v == PAYLOAD);
    awaitValue("devstreams_stream_setup_seconds_count", v -> v == 1);
    awaitValue("devstreams_control_connections", v -> v == 1);
    awaitValue("devstreams_device_connects_total", v -> v >= 1);
    awaitValue("devstreams_streams_active", v -> v == 0);
    double setUp =
        awaitValue(
            "histogram_quantile(0.5, devstreams_stream_setup_seconds_bucket)",
            v -> v > 0 && v < 60);
    assertThat(setUp).as("median set-up time, s").isLessThan(60);
    assertThat(awaitValue("memory_usedHeap_bytes", v -> v > 0)).isPositive();

    String rules = prometheusGet("/api/v1/rules");
    assertThat(rules)
        .contains("\"name\":\"DevstreamsHubDown\"", "\"name\":\"DevstreamsSlowStreamSetUp\"");
    assertThat(rules).doesNotContain("\"health\":\"err\"").doesNotContain("\"health\":\"unknown\"");
  }

  @Test
  void theMetricsKeyOpensMetricsAndNothingElse() throws IOException {
    HubHttp http = new HubHttp(hub);
    String basic = "Basic " + base64("metrics:" + metricsKey());

    HttpResponse<String> metrics = http.get("/metrics", basic);
    assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
    assertThat(http.get("/devices", basic).statusCode()).isEqualTo(401);
    assertThat(http.get("/devices", http.policyToken("metrics")).statusCode()).isEqualTo(403);
    assertThat(http.get("/metrics", "Basic " + base64("metrics:not-the-key")).statusCode())
        .isEqualTo(401);
    HttpResponse<String> registryRead =
        http.get("/metrics", "Basic " + base64("registryRead:" + key("registryRead")));
    assertThat(registryRead.statusCode()).as("a key of a policy without Metrics").isEqualTo(403);
    assertThat(http.get("/metrics", http.policyToken("metrics")).statusCode()).isEqualTo(200);
  }

  private static Process startPrometheus() throws IOException {
    Path keyFile = dir.resolve("metrics.key");
    Files.writeString(keyFile, metricsKey());
    Path rules = HubProcess.repoRoot().resolve("docs/prometheus/devstreams-rules.yml");
    Path config = dir.resolve("prometheus.yml");
    // The scrape configuration docs/operations.md gives, with this hub's port and files.
    Files.writeString(
        config,
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "rule_files:",
            "  - " + rules,
            "scrape_configs:",
            "  - job_name: devstreams",
            "    scheme: https",
            "    tls_config:",
            "      ca_file: " + hub.trustCert(),
            "    basic_auth:",
            "      username: metrics",
            "      password_file: " + keyFile,
            "    static_configs:",
            "      - targets: ['" + hub.hostPort() + "']",
            ""));
    prometheusPort = HubProcess.freePort();
    Process p =
        new ProcessBuilder(
                "prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    long deadline = System.nanoTime() + UP.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("prometheus runs; see %s", dir.resolve("prometheus.log")).isTrue();
      try {
        if (CLIENT.send(request("/-/ready"), HttpResponse.BodyHandlers.discarding()).statusCode()
            == 200) {
          return p;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    p.destroy();
    throw new AssertionError("prometheus was not ready within " + UP);
  }

  /**
   * Polls an instant query until its one value satisfies {@code done} (scrapes come every second);
   * returns that value, or fails with the last answer.
   */
  private static double awaitValue(String query, java.util.function.DoublePredicate done)
      throws IOException {
    Pattern value = Pattern.compile("\"value\":\\[[0-9.]+,\"([^\"]+)\"\\]");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last =
          prometheusGet("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
      Matcher m = value.matcher(last);
      if (m.find()) {
        double v = Double.parseDouble(m.group(1));
        if (done.test(v)) {
          return v;
        }
      }
      LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
    }
    throw new AssertionError(query + " never matched; Prometheus answered: " + last);
  }

  private static String prometheusGet(String pathAndQuery) throws IOException {
    try {
      HttpResponse<String> r =
          CLIENT.send(request(pathAndQuery), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static HttpRequest request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + pathAndQuery))
        .timeout(Duration.ofSeconds(10))
        .GET()
        .build();
  }

  private static String metricsKey() {
    return key("metrics");
  }

  private static String key(String policy) {
    try {
      String cs = Files.readString(hub.dataDir().resolve(policy + ".connection-string")).trim();
      for (String part : cs.split(";")) {
        if (part.startsWith("SharedAccessKey=")) {
          return part.substring("SharedAccessKey=".length());
        }
      }
      throw new AssertionError("no key in " + policy + ".connection-string");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Cli.Result stdio(byte[] input, String... args) throws IOException {
    Path in = Files.createTempFile(dir, "stdin-", ".bin");
    Files.write(in, input);
    String[] all = new String[args.length + 1];
    all[0] = "stdio";
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.runWithInput(Cli.ownerEnv(hub), in, all);
  }
}
