package io.devstreams.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Case 8 (issue 13): isolation on one connection. Ten streams through the {@code forward} echo port
 * (all on that forward's one v2 connection, and on the agent's) each echo their own bytes, every
 * byte compared ({@link ConcurrentEcho}), without and then with an eleventh stream on the same port
 * whose local reader has stopped: it sends to the echo and reads nothing back, so its windows fill
 * on every hop. The case reports the ten streams' throughput with it over without it (medians of
 * the rounds, which alternate which comes first), and the most the hub buffered meanwhile (its
 * {@code /metrics}).
 */
final class IsolationCase {

  /** The streams that move data. */
  static final int STREAMS = 10;

  /** What the stalled stream tries to send: far more than every window and buffer on its way. */
  private static final long STALLED_BYTES = 1L << 30;

  private final Run run;

  IsolationCase(Run run) {
    this.run = run;
  }

  void run() throws InterruptedException {
    Settings settings = run.settings;
    InetSocketAddress echo = run.tunnel().echo();
    HubProbe hub;
    try {
      hub = HubProbe.of(run);
    } catch (IOException e) {
      run.problem("isolation: cannot watch the hub: " + e.getMessage());
      return;
    }
    List<Double> without = new ArrayList<>();
    List<Double> with = new ArrayList<>();
    long[] bufferedWithout = {0};
    long[] bufferedWith = {0};
    long stalledSent = 0;
    long bufferedStalledAlone = -1;
    List<Object> samples = new ArrayList<>();
    for (int round = 1; round <= settings.rounds(); round++) {
      // Odd rounds measure without the stalled stream first, even rounds with it first.
      boolean withFirst = round % 2 == 0;
      if (!withFirst) {
        add(without, tenStreams(echo, hub, bufferedWithout, "without", round, samples));
      }
      try (Stalled stalled = Stalled.start(echo)) {
        stalledSent = stalled.awaitStall();
        add(with, tenStreams(echo, hub, bufferedWith, "with", round, samples));
        bufferedStalledAlone = hub.metric(HubProbe.BUFFERED);
        if (stalled.failed()) {
          run.problem("isolation: the stalled stream failed: " + stalled.problem);
        }
      } catch (IOException e) {
        run.problem("isolation: the stalled stream: " + e);
      }
      if (withFirst) {
        add(without, tenStreams(echo, hub, bufferedWithout, "without", round, samples));
      }
    }
    Double medianWithout = without.isEmpty() ? null : Stats.median(without);
    Double medianWith = with.isEmpty() ? null : Stats.median(with);
    Double ratio = medianWithout == null || medianWith == null ? null : medianWith / medianWithout;
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("streams", STREAMS);
    json.put("bytesEachWay", settings.isolationBytes());
    json.put("samples", samples);
    json.put("medianMBpsWithout", medianWithout);
    json.put("medianMBpsWith", medianWith);
    json.put("ratio", ratio);
    json.put("stalledStreamSentBytes", stalledSent);
    json.put("hubBufferedMaxWithoutBytes", bufferedWithout[0]);
    json.put("hubBufferedMaxWithBytes", bufferedWith[0]);
    json.put("hubBufferedStalledAloneBytes", bufferedStalledAlone);
    run.details.put("isolation", json);
    run.figure(TargetsCase.ISOLATION_RATIO, Route.TUNNEL, ratio);
    run.log(
        "isolation  %d streams %.0f MB/s without, %.0f MB/s with a stalled 11th (%.2fx); hub"
            + " buffered at most %.1f MiB with it (%.1f MiB without), %.1f MiB for the stalled one"
            + " alone",
        STREAMS,
        medianWithout == null ? 0.0 : medianWithout,
        medianWith == null ? 0.0 : medianWith,
        ratio == null ? 0.0 : ratio,
        bufferedWith[0] / 1048576.0,
        bufferedWithout[0] / 1048576.0,
        bufferedStalledAlone / 1048576.0);
    run.report.issueCase(8);
    String median = settings.rounds() > 1 ? ", median of " + settings.rounds() : "";
    run.report.addNoted(
        STREAMS
            + " streams on one forward, "
            + Run.sizeLabel(settings.isolationBytes())
            + " echoed each"
            + median
            + ", with an 11th stalled",
        "MB/s",
        true,
        medianWith,
        String.format(
            Locale.ROOT,
            "without the stalled stream %.0f MB/s: %.2fx",
            medianWithout == null ? 0.0 : medianWithout,
            ratio == null ? 0.0 : ratio));
    run.report.target("≥ 0.9x without", ratio == null ? null : ratio >= 0.9);
    run.report.addNoted(
        "hub buffered bytes, most seen with the stalled stream",
        "MiB",
        false,
        bufferedWith[0] / 1048576.0,
        String.format(
            Locale.ROOT,
            "%.1f MiB without it; %.1f MiB for the stalled stream alone; it sent %.1f MiB",
            bufferedWithout[0] / 1048576.0,
            bufferedStalledAlone / 1048576.0,
            stalledSent / 1048576.0));
    run.report.target("≤ 32 MiB (2 connection windows)", bufferedWith[0] <= 32L << 20);
  }

  /** Ten streams echo their bytes; returns their MB/s one way, or null if any failed. */
  private Double tenStreams(
      InetSocketAddress echo,
      HubProbe hub,
      long[] bufferedMax,
      String label,
      int round,
      List<Object> samples)
      throws InterruptedException {
    Settings settings = run.settings;
    ConcurrentEcho.Outcome o;
    try (BufferedPeak peak = new BufferedPeak(hub);
        ConcurrentEcho streams = new ConcurrentEcho(echo, STREAMS, settings.isolationBytes())) {
      o = streams.run(STREAMS, settings.transferTimeoutSeconds(), () -> {});
      bufferedMax[0] = Math.max(bufferedMax[0], peak.max());
    } catch (IOException e) {
      run.problem("isolation (" + label + " the stalled stream): " + e);
      return null;
    }
    double megabytesPerSecond =
        (double) o.verified() * settings.isolationBytes() / (o.transferNanos() / 1e9) / 1e6;
    Map<String, Object> sample = new LinkedHashMap<>();
    sample.put("round", round);
    sample.put("stalledStream", label.equals("with"));
    sample.put("verified", o.verified());
    sample.put("seconds", o.transferNanos() / 1e9);
    sample.put("megabytesPerSecond", megabytesPerSecond);
    samples.add(sample);
    run.log(
        "isolation  round %d %-7s a stalled stream: %d of %d verified, %.0f MB/s each way",
        round, label, o.verified(), STREAMS, megabytesPerSecond);
    if (o.verified() < STREAMS) {
      run.problem(
          "isolation ("
              + label
              + " the stalled stream): "
              + (STREAMS - o.verified())
              + " of "
              + STREAMS
              + " failed: "
              + String.join("; ", o.failures()));
      return null;
    }
    return megabytesPerSecond;
  }

  private static void add(List<Double> values, Double value) {
    if (value != null) {
      values.add(value);
    }
  }

  /** A stream through the echo port that sends and never reads. */
  private static final class Stalled implements AutoCloseable {
    private final Socket socket;
    private final AtomicLong sent = new AtomicLong();
    private final Thread writer;
    private volatile String problem;

    private Stalled(Socket socket) {
      this.socket = socket;
      this.writer = new Thread(this::send, "bench-stalled-writer");
      writer.setDaemon(true);
      writer.start();
    }

    static Stalled start(InetSocketAddress echo) throws IOException {
      Socket socket = new Socket();
      socket.connect(echo, Latency.TIMEOUT_MILLIS);
      return new Stalled(socket);
    }

    private void send() {
      byte[] chunk = new byte[64 * 1024];
      try {
        OutputStream out = socket.getOutputStream();
        for (long n = 0; n < STALLED_BYTES; n += chunk.length) {
          out.write(chunk);
          sent.addAndGet(chunk.length);
        }
        problem = "all " + STALLED_BYTES + " bytes went through: it never stalled";
      } catch (IOException e) {
        if (!socket.isClosed()) {
          problem = e.toString();
        }
      }
    }

    /**
     * Waits until the sender has made no progress for a second (every window on the way is full),
     * at most 60 s; returns what it sent.
     */
    long awaitStall() throws InterruptedException {
      long last = -1;
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < deadline && problem == null) {
        Thread.sleep(1000); // the sampling period of the sender's progress
        long now = sent.get();
        if (now == last) {
          break;
        }
        last = now;
      }
      return sent.get();
    }

    boolean failed() {
      return problem != null;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Samples the hub's buffered bytes every 250 ms until closed; the most seen. */
  private static final class BufferedPeak implements AutoCloseable {
    private final AtomicLong max = new AtomicLong();
    private final Thread sampler;

    BufferedPeak(HubProbe hub) {
      sampler =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  try {
                    max.accumulateAndGet(hub.metric(HubProbe.BUFFERED), Math::max);
                    Thread.sleep(250); // the sampling period, not a wait for an event
                  } catch (IOException e) {
                    return;
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "bench-buffered-sampler");
      sampler.setDaemon(true);
      sampler.start();
    }

    long max() {
      return max.get();
    }

    @Override
    public void close() {
      sampler.interrupt();
    }
  }
}
