package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.tunnel.HubTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks on connections rather than frames, against the real hub over real TLS on loopback:
 * slowloris on the TLS handshake and on the upgrade request, and 10,000 connect/close cycles. While
 * they run, a stream through the real agent and {@code devstreams forward} to an echo target keeps
 * echoing byte for byte and new streams open; afterwards the hub's live heap and its thread count
 * are back where they started.
 */
class ConnectionAbuseIT {
  private static final Duration UP = Duration.ofSeconds(90);

  /**
   * The hub closes a connection whose first request is not complete 30 s after it connected ({@code
   * devstreams.http.request-timeout-seconds}), TLS handshake included, and one on which nothing
   * arrived for 30 s ({@code http.timeout-seconds}); allow the sweeps and a loaded machine some
   * slack on top.
   */
  private static final Duration IDLE_BOUND = Duration.ofSeconds(30 + 10);

  private static final int PER_KIND = 50;
  private static final Duration DRIP_INTERVAL = Duration.ofSeconds(5);
  private static final int CYCLES = 10_000;
  private static final int CLIENT_THREADS = 4;

  /** A live heap this much above the baseline once settled would be a leak. */
  private static final long HEAP_MARGIN = 24L * 1024 * 1024;

  /** Within this of the baseline the heap counts as settled and the wait ends early. */
  private static final long HEAP_SETTLED = 8L * 1024 * 1024;

  private static final int THREAD_MARGIN = 8;

  /** Longest wait for heap and threads to settle: the 30 s idle timeout and then some. */
  private static final Duration SETTLE = Duration.ofSeconds(60);

  private static HubProcess hub;
  private static HubHttp http;
  private static HubMetrics metrics;
  private static TcpTargets echo;
  private static ManagedProcess agent;
  private static ManagedProcess forward;
  private static int forwardPort;
  private static SSLSocketFactory tls;
  private static String deviceToken;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "connection-abuse-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
    http = new HubHttp(hub);
    metrics = new HubMetrics(http);
    tls = HubTls.sslContext(hub.trustCert()).getSocketFactory();
    echo = TcpTargets.echo();
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", "dev1");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    agent =
        ManagedProcess.agent(
            dir.resolve("agent.log"),
            hub,
            created.stdout().trim(),
            List.of("--service", "echo=127.0.0.1:" + echo.port()));
    agent.await("connected to", UP);
    forward =
        ManagedProcess.start(
            dir.resolve("forward.log"),
            Cli.ownerEnv(hub),
            "devstreams",
            List.of("forward", "dev1", "echo", "--local-port", "0"));
    forwardPort = forward.awaitForwardPort();
    Cli.Result churner = Cli.run(Cli.ownerEnv(hub), "device", "create", "churn");
    assertThat(churner.exitCode()).as(churner.toString()).isZero();
    deviceToken =
        ConnectionString.parse(churner.stdout().trim())
            .createToken(Duration.ofHours(1), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(forward, agent, echo, hub);
  }

  @Test
  void silentAndHalfSentConnectionsAreClosedByTheHubWhileStreamsKeepWorking() throws Exception {
    try (Socket stream = echoConnection()) {
      assertThat(TcpTargets.echoLine(stream, "before the attack\n"))
          .isEqualTo("before the attack\n");
      Baseline before = Baseline.take();
      List<Slow> slow = new ArrayList<>();
      List<Drip> drips = new ArrayList<>();
      long attackStart = System.nanoTime();
      for (int i = 0; i < PER_KIND; i++) {
        slow.add(Slow.open("tcp, nothing sent", s -> {}));
        slow.add(Slow.open("half a ClientHello", ConnectionAbuseIT::halfClientHello));
        slow.add(Slow.openTls("TLS done, nothing sent", s -> {}));
        slow.add(
            Slow.openTls("TLS done, half the upgrade request", ConnectionAbuseIT::halfRequest));
        drips.add(new Drip(tlsSocket()));
      }
      CompletableFuture<Integer> dripping =
          CompletableFuture.supplyAsync(() -> dripUntil(drips, attackStart + IDLE_BOUND.toNanos()));
      // While they hang: the open stream echoes, and new streams open and echo.
      for (int i = 0; i < 5; i++) {
        String line = "during the attack " + i + "\n";
        assertThat(TcpTargets.echoLine(stream, line)).isEqualTo(line);
        try (Socket fresh = echoConnection()) {
          assertThat(TcpTargets.echoLine(fresh, line)).isEqualTo(line);
        }
      }
      Duration slowest = Duration.ZERO;
      for (Slow s : slow) {
        Duration closedAfter = s.awaitClosedByHub(IDLE_BOUND);
        slowest = closedAfter.compareTo(slowest) > 0 ? closedAfter : slowest;
      }
      System.out.printf(
          "ConnectionAbuseIT: %d slow connections closed by the hub, the last %d ms after its"
              + " last byte%n",
          slow.size(), slowest.toMillis());
      int stillDripping = dripping.get(IDLE_BOUND.toSeconds() * 2, TimeUnit.SECONDS);
      int threadsDuring = hubThreads();
      Duration lastDrip =
          drips.stream()
              .map(d -> d.closedAfter)
              .filter(Objects::nonNull)
              .max(Duration::compareTo)
              .orElse(Duration.ZERO);
      System.out.printf(
          "ConnectionAbuseIT: %d of %d drip-fed upgrade requests (a byte every %d s) closed by the"
              + " hub, the last %d ms after it connected; hub threads %d (before: %d)%n",
          drips.size() - stillDripping,
          drips.size(),
          DRIP_INTERVAL.toSeconds(),
          lastDrip.toMillis(),
          threadsDuring,
          before.threads());
      // The request deadline (devstreams.http.request-timeout-seconds, 30 s from the accept for a
      // first request) ends them, although every byte came well inside the idle timeout.
      assertThat(stillDripping).as("drip-fed requests still open").isZero();
      assertThat(lastDrip).isLessThanOrEqualTo(IDLE_BOUND);
      // Grizzly reads without a thread per connection: slow clients cost no threads.
      assertThat(threadsDuring).isLessThanOrEqualTo(before.threads() + THREAD_MARGIN);
      for (Drip d : drips) {
        // One at a time, as they would end on their own: a burst of 50 closes at once makes the
        // hub's worker pool (up to 200 threads, idle ones retire after 15 minutes) grow for it.
        d.socket.close();
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
      }
      assertThat(TcpTargets.echoLine(stream, "after the attack\n")).isEqualTo("after the attack\n");
      before.assertReturnedTo("slowloris");
    }
  }

  @Test
  void tenThousandConnectCloseCyclesLeaveHeapAndThreadsAtTheirBaseline() throws Exception {
    // A short churn first, so that the baseline has the worker threads and classes a churn needs:
    // what must not grow is what 10,000 more cycles leave behind.
    churn(300, null);
    Baseline before = Baseline.take();
    long start = System.nanoTime();
    try (Socket stream = echoConnection()) {
      churn(CYCLES, stream);
      assertThat(TcpTargets.echoLine(stream, "after the churn\n")).isEqualTo("after the churn\n");
    }
    System.out.printf(
        "ConnectionAbuseIT: %d connect/close cycles in %d ms%n",
        CYCLES, Duration.ofNanos(System.nanoTime() - start).toMillis());
    before.assertReturnedTo("churn");
    try (RawWebSocket ws = RawWebSocket.connect(hub, "/devices/churn/streams", deviceToken)) {
      assertThat(ws.upgraded())
          .as("the churned device's channel opens: %s", ws.response())
          .isTrue();
    }
  }

  /**
   * Runs {@code cycles} cycles on {@link #CLIENT_THREADS} threads; meanwhile, if {@code stream} is
   * given, checks every 200 ms that it still echoes.
   */
  private static void churn(int cycles, Socket stream) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
    AtomicInteger next = new AtomicInteger();
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < CLIENT_THREADS; t++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < cycles; i = next.getAndIncrement()) {
                    cycle(i);
                  }
                }));
      }
      for (int i = 0; stream != null && !allDone(workers); i++) {
        String line = "churn " + i + "\n";
        assertThat(TcpTargets.echoLine(stream, line)).isEqualTo(line);
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      }
      for (Future<?> w : workers) {
        w.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- churn -----------------------------------------------------------------------------------

  /**
   * One cycle, by its number: a bare TLS connection, an upgrade refused with 401, or an accepted
   * control-channel upgrade dropped at once.
   */
  private static void cycle(int i) {
    try (SSLSocket s = tlsSocket()) {
      s.startHandshake();
      switch (i % 3) {
        case 0 -> {}
        case 1 -> {
          assertThat(upgrade(s, "SharedAccessSignature sr=x&sig=y&se=1")).contains(" 401 ");
          // The hub ends a refused upgrade's connection: skipping the rest of the answer returns
          // only at the end of the input (a connection kept alive would time the read out).
          assertThat(s.getInputStream().skip(Long.MAX_VALUE)).isPositive();
        }
        default -> assertThat(upgrade(s, deviceToken)).contains(" 101 ");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a control-channel upgrade and returns the status line of the answer. */
  private static String upgrade(SSLSocket s, String token) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(requestHead(token).getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.append((char) b);
    }
    return line.toString();
  }

  private static String requestHead(String token) {
    return "GET /devices/churn/streams HTTP/1.1\r\nHost: "
        + hub.hostPort()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "Authorization: "
        + token
        + "\r\n\r\n";
  }

  private static boolean allDone(List<Future<?>> futures) {
    return futures.stream().allMatch(Future::isDone);
  }

  // ---- slowloris -------------------------------------------------------------------------------

  /** Something a slow client sends, or not, before it falls silent. */
  private interface Opening {
    void send(Socket s) throws IOException;
  }

  /**
   * One slow connection: a thread reads from it until the hub closes it and notes when, so every
   * connection is timed on its own.
   */
  private static final class Slow {
    private final String kind;
    private final Socket socket;
    private final long lastByteSent;
    private final java.util.concurrent.CompletableFuture<Long> closed =
        new java.util.concurrent.CompletableFuture<>();

    private Slow(String kind, Socket socket) {
      this.kind = kind;
      this.socket = socket;
      this.lastByteSent = System.nanoTime();
      Thread reader =
          new Thread(
              () -> {
                try {
                  socket.setSoTimeout((int) IDLE_BOUND.multipliedBy(2).toMillis());
                  while (socket.getInputStream().read() >= 0) {
                    // a TLS 1.3 session ticket, or the hub's answer: keep reading until the end
                  }
                  closed.complete(System.nanoTime());
                } catch (java.net.SocketTimeoutException e) {
                  closed.completeExceptionally(e);
                } catch (IOException e) {
                  closed.complete(System.nanoTime()); // reset or TLS alert: closed all the same
                }
              },
              "slow-" + kind);
      reader.setDaemon(true);
      reader.start();
    }

    static Slow open(String kind, Opening opening) throws IOException {
      Socket s = new Socket(InetAddress.getLoopbackAddress(), hub.port());
      opening.send(s);
      return new Slow(kind, s);
    }

    static Slow openTls(String kind, Opening opening) throws IOException {
      SSLSocket s = tlsSocket();
      s.startHandshake();
      opening.send(s);
      return new Slow(kind, s);
    }

    /** Waits until the hub closed the connection; returns how long after the last byte sent. */
    Duration awaitClosedByHub(Duration bound) throws Exception {
      long deadline = lastByteSent + bound.toNanos();
      try {
        long at = closed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return Duration.ofNanos(at - lastByteSent);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("'" + kind + "' still open " + bound + " after its last byte", e);
      } finally {
        socket.close();
      }
    }
  }

  /**
   * Sends one more byte of the upgrade request on every drip-fed connection every {@link
   * #DRIP_INTERVAL} until the hub has closed them all or {@code deadline} has come; returns how
   * many the hub has not closed.
   */
  private static int dripUntil(List<Drip> drips, long deadline) {
    // Spread over the interval, as a patient attacker would: one byte at a time, never a burst.
    long gap = DRIP_INTERVAL.toNanos() / drips.size();
    while (System.nanoTime() < deadline && drips.stream().anyMatch(d -> d.open)) {
      for (Drip d : drips) {
        d.step();
        LockSupport.parkNanos(gap);
      }
    }
    return (int) drips.stream().filter(d -> d.open).count();
  }

  /** A TLS connection that sends an upgrade request one byte at a time, slowly. */
  private static final class Drip {
    private final SSLSocket socket;
    private final byte[] request = requestHead(deviceToken).getBytes(StandardCharsets.US_ASCII);
    private final long opened = System.nanoTime();
    private int sent;
    private boolean open = true;
    private Duration closedAfter;

    Drip(SSLSocket socket) throws IOException {
      this.socket = socket;
      socket.startHandshake();
    }

    /** Notices the hub's close, or else sends the next byte (never the final one). */
    void step() {
      if (!open) {
        return;
      }
      try {
        socket.setSoTimeout(1);
        if (socket.getInputStream().read() < 0) {
          closed();
          return;
        }
      } catch (SocketTimeoutException e) {
        // still open: nothing to read, as expected
      } catch (IOException e) {
        closed();
        return;
      }
      if (sent == request.length - 1) {
        return; // never the final byte: the request is never complete
      }
      try {
        socket.getOutputStream().write(request[sent++]);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        closed();
      }
    }

    private void closed() {
      open = false;
      closedAfter = Duration.ofNanos(System.nanoTime() - opened);
    }
  }

  /** The first 9 bytes of a TLS record carrying a ClientHello of 512 bytes: then nothing. */
  private static void halfClientHello(Socket s) throws IOException {
    s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, -4});
    s.getOutputStream().flush();
  }

  /** An upgrade request without its last header lines. */
  private static void halfRequest(Socket s) throws IOException {
    String head = requestHead(deviceToken);
    s.getOutputStream()
        .write(head.substring(0, head.length() / 2).getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static SSLSocket tlsSocket() throws IOException {
    SSLSocket s = (SSLSocket) tls.createSocket(InetAddress.getLoopbackAddress(), hub.port());
    s.setSoTimeout(20_000);
    return s;
  }

  /** A connection to the local forward: a new stream through the hub to the echo target. */
  private static Socket echoConnection() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), forwardPort);
    s.setSoTimeout(20_000);
    return s;
  }

  /** The hub's live heap (after a full GC) and its live threads at one moment. */
  private record Baseline(long heap, int threads) {
    static Baseline take() throws Exception {
      return new Baseline(metrics.liveHeapAfterFullGc(hub), hubThreads());
    }

    /**
     * Waits until the thread count is back within its margin and the live heap within {@link
     * #HEAP_SETTLED} of the baseline, at most {@link #SETTLE}, then checks both against their
     * margins: Grizzly keeps a closed connection's objects until its idle timer fires
     * (http.timeout-seconds after its last read), and idle pool threads retire on their own time.
     */
    void assertReturnedTo(String what) throws Exception {
      long start = System.nanoTime();
      long deadline = start + SETTLE.toNanos();
      int threadsNow = hubThreads();
      long heapNow = metrics.liveHeapAfterFullGc(hub);
      while ((threadsNow > threads + THREAD_MARGIN || heapNow >= heap + HEAP_SETTLED)
          && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofSeconds(2).toNanos());
        threadsNow = hubThreads();
        heapNow = metrics.liveHeapAfterFullGc(hub);
      }
      System.out.printf(
          "ConnectionAbuseIT %s: live heap %d KiB before, %d KiB after; threads %d before, %d"
              + " after; settled in %d s%n",
          what,
          heap / 1024,
          heapNow / 1024,
          threads,
          threadsNow,
          Duration.ofNanos(System.nanoTime() - start).toSeconds());
      assertThat(threadsNow)
          .as("hub threads after " + what)
          .isLessThanOrEqualTo(threads + THREAD_MARGIN);
      assertThat(heapNow).as("live heap after " + what).isLessThan(heap + HEAP_MARGIN);
    }
  }

  /** The hub's live threads, from {@code /proc/PID/status} (the launcher execs the JVM). */
  private static int hubThreads() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(hub.pid()), "status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.substring("Threads:".length()).trim());
      }
    }
    throw new AssertionError("no Threads: line for the hub's process");
  }
}
