package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A slow receiver behind a fast sender, end to end through the real hub, the real device agent and
 * the real {@code forward} command: the device-side service reads at 10 KB/s while the service side
 * tries to push 1 GiB. Backpressure must cross the hub: the sender is held back, the hub relays
 * only about what the receiver consumed plus bounded buffers, holds only a small fixed buffer
 * itself, and its heap stays flat. Measured from the hub's own {@code /metrics}; every sample is
 * printed so that the run log shows the figures.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackpressureIT {
  private static final Duration UP = Duration.ofSeconds(90);

  /** What the sender tries to push. */
  private static final long ATTEMPT = 1L << 30;

  /** The receiver's pace: 10 KB/s. */
  private static final long READ_RATE = 10_000;

  /** Samples taken, one a second. */
  private static final int SAMPLES = 30;

  /**
   * The last samples, once every buffer on the way is full, over which nothing may grow but by what
   * the receiver took. The pipe filled within 3 to 11 s in trial runs on a loaded 2-core machine
   * (kernel buffer autotuning comes in steps), so the window starts at 19 s.
   */
  private static final int STEADY = 12;

  /** Every this many seconds from the start of the steady window, a live-heap sample. */
  private static final int LIVE_HEAP_EVERY = 4;

  /**
   * Bytes the hub relayed beyond what the receiver consumed, at most. In trial runs about 15-16
   * MiB: ss showed 7.6 MiB in the kernel's loopback socket buffers between hub and receiver (hub
   * send 3.9 MB and agent send 3.9 MB, autotuned up to tcp_wmem max; receive queues small), the
   * agent's heap held under 1.5 MB of byte arrays, and the rest, about 8 MiB, sat in the hub's
   * container write queue (see the live-heap check). 32 MiB leaves margin for other kernel settings
   * and is still 1/32 of the attempt; what proves backpressure is that it stops growing.
   */
  private static final long IN_FLIGHT_BOUND = 32L << 20;

  /**
   * Growth allowed over the steady window beyond what the receiver consumed in it, for relayed
   * bytes and for the sender: a late step of buffer autotuning, far below the 1 GiB attempted
   * (trial runs: 0 bytes).
   */
  private static final long STEADY_GROWTH_SLACK = 1L << 20;

  /**
   * The hub's own buffering as its gauge reports it. Protocol v2 (forward and agent both speak it):
   * for the slow direction at most the stream window the hub grants the sender (4 MiB,
   * devstreams.v2.stream-window), plus 64 KiB of slack for the other direction and frames in
   * passing; an unbounded queue would pass it within a second (the sender pushes at over 100 MB/s).
   * (A v1 stream holds 64 KiB: two 16 KiB buffers each way.)
   */
  private static final long HUB_BUFFER_BOUND = (4L << 20) + (64L << 10);

  /**
   * The sender may get ahead of the receiver by what is in flight after the hub (above) plus the
   * socket buffers before it (test to forward, forward to hub: about 8 MiB in trial runs). 64 MiB
   * is far below the 1 GiB attempted.
   */
  private static final long SENDER_BOUND = 64L << 20;

  /**
   * Growth of the hub's live heap (used heap right after a full GC) across the steady window: trial
   * runs varied by 0.1 MiB; an unbounded queue fed at loopback speed would add MiB a second.
   */
  private static final long LIVE_HEAP_STEADY_GROWTH_BOUND = 4L << 20;

  /**
   * The hub's live heap while one stream is held back, against before the stream. The hub's own
   * relay holds 64 KiB (gauge above), but Grizzly, under the Servlet API, reports a connection
   * writable until its write queue holds 4x the socket's send buffer, which the kernel autotunes up
   * to 4 MiB: up to 16 MiB of payload queued for a slow receiver, held in heap buffers with some
   * overhead (trial runs: 40 MiB once, 8 MiB another time, depending on the autotuning). This bound
   * is what the container does today; it still fails on any growth with the bytes pushed (1 GiB
   * here). Shrinking it is tracked as a follow-up (the per-stream cost limits how many slow streams
   * one hub survives), and must come with a lower bound here.
   */
  private static final long LIVE_HEAP_PER_STREAM_BOUND = 48L << 20;

  private static Path dir;
  private static HubProcess hub;
  private static HubMetrics metrics;
  private static ManagedProcess agent;
  private static ManagedProcess forward;
  private static SlowPipe.SlowReceiver receiver;
  private static Socket client;
  private static SlowPipe.Sender sender;
  private static long liveHeapBefore;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory(Path.of("target"), "backpressure-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
    metrics = new HubMetrics(new HubHttp(hub));
    receiver = new SlowPipe.SlowReceiver(READ_RATE);
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", "slow1");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    agent =
        ManagedProcess.start(
            dir.resolve("agent.log"),
            Map.of(
                "DEVSTREAMS_DEVICE_CONNECTION_STRING", created.stdout().trim(),
                "DEVSTREAMS_TRUST_CERT", hub.trustCert().toString()),
            "devstreams-device",
            List.of("--service", "slow=127.0.0.1:" + receiver.port()));
    agent.await("connected to", UP);
    forward =
        ManagedProcess.start(
            dir.resolve("forward.log"),
            Cli.ownerEnv(hub),
            "devstreams",
            List.of("forward", "slow1", "slow", "--local-port", "0"));
    Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(forward.await("forwarding", UP));
    assertThat(m.find()).isTrue();
    liveHeapBefore = metrics.liveHeapAfterFullGc(hub);
    System.out.println("hub live heap before the stream: " + mib(liveHeapBefore));
    client = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1)));
    client.setSoTimeout((int) UP.toMillis());
    sender = new SlowPipe.Sender(client.getOutputStream(), ATTEMPT);
    forward.await("open: stream", UP);
  }

  @AfterAll
  static void stop() throws IOException {
    if (sender != null) {
      sender.stop();
    }
    if (receiver != null) {
      receiver.drain();
    }
    if (client != null) {
      client.close();
    }
    Closeables.closeAll(forward, agent, receiver, hub);
  }

  @Test
  @Order(1)
  void slowReceiverHoldsTheSenderBackWhileTheHubsBuffersAndHeapStayFlat() throws Exception {
    List<Sample> samples = new ArrayList<>();
    List<Long> liveHeap = new ArrayList<>();
    int steadyFrom = SAMPLES - STEADY + 1;
    long start = System.nanoTime();
    for (int i = 1; i <= SAMPLES; i++) {
      // The schedule of a measurement, not a wait for an event: one sample a second.
      LockSupport.parkNanos(start + TimeUnit.SECONDS.toNanos(i) - System.nanoTime());
      Sample s = Sample.take(i);
      samples.add(s);
      System.out.println(s);
      assertThat(sender.failure()).as("the sender failed").isNull();
      if (i >= steadyFrom && ((i - steadyFrom) % LIVE_HEAP_EVERY == 0 || i == SAMPLES)) {
        liveHeap.add(metrics.liveHeapAfterFullGc(hub));
        System.out.println("t=" + i + "s hub live heap " + mib(liveHeap.get(liveHeap.size() - 1)));
      }
    }
    Sample first = samples.get(steadyFrom - 1);
    Sample last = samples.get(SAMPLES - 1);
    long seconds = last.second() - first.second();
    long consumedSteady = last.consumed() - first.consumed();
    long bufferedMax = samples.stream().mapToLong(Sample::buffered).max().orElseThrow();
    long heapMin = samples.stream().mapToLong(Sample::heapUsed).min().orElseThrow();
    long heapMax = samples.stream().mapToLong(Sample::heapUsed).max().orElseThrow();
    long inFlightMax = samples.stream().mapToLong(Sample::inFlight).max().orElseThrow();
    long liveMax = liveHeap.stream().mapToLong(Long::longValue).max().orElseThrow();
    System.out.printf(
        Locale.ROOT,
        "backpressure after %d s: hub relayed from service %s, receiver consumed %s, in flight"
            + " max %s; over the last %d s relayed +%s, consumed +%s, sender +%s; hub buffered max"
            + " %s; hub used heap min %s max %s; hub live heap before the stream %s, during %s;"
            + " sender wrote %s of %s%n",
        last.second(),
        mib(last.relayed()),
        mib(last.consumed()),
        mib(inFlightMax),
        seconds,
        mib(last.relayed() - first.relayed()),
        mib(consumedSteady),
        mib(last.sent() - first.sent()),
        kib(bufferedMax),
        mib(heapMin),
        mib(heapMax),
        mib(liveHeapBefore),
        liveHeap.stream().map(BackpressureIT::mib).toList(),
        mib(last.sent()),
        mib(ATTEMPT));

    // The receiver really was slow: about 10 KB/s (the token bucket allows one second's burst).
    assertThat(consumedSteady)
        .isLessThanOrEqualTo(READ_RATE * (seconds + 1))
        .isGreaterThan(READ_RATE * seconds / 2);
    // The hub relayed only what the receiver took plus bounded buffers, and once they were full,
    // no faster than the receiver took it.
    assertThat(inFlightMax).as("relayed - consumed").isLessThanOrEqualTo(IN_FLIGHT_BOUND);
    assertThat(last.relayed() - first.relayed())
        .as("relayed over the steady window")
        .isLessThanOrEqualTo(consumedSteady + STEADY_GROWTH_SLACK);
    // The hub's buffer gauge stays at its small fixed size.
    assertThat(bufferedMax).as("hub buffered bytes").isLessThanOrEqualTo(HUB_BUFFER_BOUND);
    // The sender was held back: far from 1 GiB, and no faster than the receiver once full.
    assertThat(last.sent()).as("bytes the sender got out").isLessThanOrEqualTo(SENDER_BOUND);
    assertThat(last.sent() - first.sent())
        .as("sender over the steady window")
        .isLessThanOrEqualTo(consumedSteady + STEADY_GROWTH_SLACK);
    // The hub's heap is flat while the sender keeps pushing...
    assertThat(liveMax - liveHeap.get(0))
        .as("live heap growth over the steady window")
        .isLessThanOrEqualTo(LIVE_HEAP_STEADY_GROWTH_BOUND);
    // ...and holds no more than small buffers for the held-back stream.
    assertThat(liveMax - liveHeapBefore)
        .as(
            "hub live heap while one stream is held back (%s) minus before it (%s)",
            mib(liveMax), mib(liveHeapBefore))
        .isLessThanOrEqualTo(LIVE_HEAP_PER_STREAM_BOUND);
  }

  @Test
  @Order(2)
  void stoppingTheSenderEndsTheStreamCleanlyWithEveryByteDelivered() throws Exception {
    sender.stop();
    receiver.drain(); // the receiver now reads at full speed, so the sender's last write returns
    long sent = sender.awaitEnd(UP);
    assertThat(sender.failure()).as("the sender failed").isNull();
    client.shutdownOutput(); // fin: the service side sends nothing more
    long received = receiver.awaitEnd(UP);
    // The receiver closes after the end of input, so the device side sends fin too; the service
    // side then sees its end of input and the stream closes normally on both sides.
    try (InputStream in = client.getInputStream()) {
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThat(received).as("every byte written arrived").isEqualTo(sent);
    assertThat(receiver.corruptAt()).as("first out-of-order byte").isEqualTo(-1);
    String closed = forward.await("closed after", UP);
    assertThat(closed).contains("closed normally");
    assertThat(agent.await(" closed: ", UP)).contains("closed normally");
    Map<String, Double> after =
        metrics.awaitScrape(
            m ->
                HubMetrics.require(m, HubMetrics.ACTIVE) == 0
                    && HubMetrics.require(m, HubMetrics.BUFFERED) == 0,
            Duration.ofSeconds(15));
    // The hub counts the binary payload it relayed, exactly the bytes sent: the service side's fin
    // travels as a text frame and is not counted.
    assertThat(HubMetrics.require(after, HubMetrics.FROM_SERVICE)).isEqualTo(sent);
    long liveAfter = metrics.liveHeapAfterFullGc(hub);
    System.out.printf(
        Locale.ROOT,
        "stream ended: %s sent and received; hub live heap after it %s (before it %s); %s%n",
        mib(sent),
        mib(liveAfter),
        mib(liveHeapBefore),
        closed.substring(closed.indexOf("closed after")));
    assertThat(liveAfter - liveHeapBefore)
        .as("hub live heap after the stream minus before it")
        .isLessThanOrEqualTo(LIVE_HEAP_STEADY_GROWTH_BOUND);
  }

  /** One sample of the hub's metrics next to what the test's own ends counted. */
  private record Sample(
      int second, long relayed, long buffered, long heapUsed, long consumed, long sent) {
    static Sample take(int second) {
      Map<String, Double> m = metrics.scrape();
      return new Sample(
          second,
          HubMetrics.require(m, HubMetrics.FROM_SERVICE),
          HubMetrics.require(m, HubMetrics.BUFFERED),
          HubMetrics.require(m, HubMetrics.HEAP_USED),
          receiver.consumed(),
          sender.sent());
    }

    long inFlight() {
      return relayed - consumed;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "t=%2ds relayed=%s consumed=%s inFlight=%s hubBuffered=%s heapUsed=%s sent=%s",
          second,
          mib(relayed),
          mib(consumed),
          mib(inFlight()),
          kib(buffered),
          mib(heapUsed),
          mib(sent));
    }
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.2f MiB", bytes / 1048576.0);
  }

  static String kib(long bytes) {
    return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
  }
}
