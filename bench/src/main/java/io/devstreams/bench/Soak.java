package io.devstreams.bench;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.tunnel.StreamConnection;
import io.devstreams.protocol.tunnel.StreamResult;
import io.devstreams.service.ClientOptions;
import io.devstreams.service.HubConnection;
import io.devstreams.service.ServiceClient;
import io.devstreams.service.StreamGrant;
import io.devstreams.service.StreamTimeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak: {@code streams} workers, each opening a stream to the echo service, holding it for a
 * random 5-15 s while it sends chunks of random bytes and checks that exactly those come back,
 * closing it cleanly, and starting over, for {@code duration}. Once a minute it prints the streams
 * done, the failures, the bytes checked and the hub's heap after a full GC, threads, file
 * descriptors and RSS, then a summary of first minute against last: heap, threads and file
 * descriptors must stay flat. Run by {@code bin/devstreams-soak}.
 */
public final class Soak {

  private static final int CHUNK_MAX = 64 * 1024;

  private final ServiceClient client;
  private final String deviceId;
  private final String service;
  private final long hubPid;
  private final PrintStream out;
  private final AtomicLong streams = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final ConcurrentLinkedQueue<String> failureSamples = new ConcurrentLinkedQueue<>();
  private volatile boolean stopping;

  private Soak(
      ServiceClient client, String deviceId, String service, long hubPid, PrintStream out) {
    this.client = client;
    this.deviceId = deviceId;
    this.service = service;
    this.hubPid = hubPid;
    this.out = out;
  }

  /**
   * {@code Soak CONNECTION_STRING_FILE TRUST_CERT DEVICE SERVICE HUB_PID STREAMS SECONDS}; exits 0
   * when every stream checked out and the hub stayed flat, 1 otherwise.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      System.err.println(
          "usage: Soak CONNECTION_STRING_FILE TRUST_CERT DEVICE SERVICE HUB_PID STREAMS SECONDS");
      System.exit(2);
    }
    HubConnection hub =
        HubConnection.open(
            ConnectionString.parse(Files.readString(Path.of(args[0])).trim()),
            ClientOptions.defaults().withTrustCertificate(Path.of(args[1])));
    Soak soak =
        new Soak(new ServiceClient(hub), args[2], args[3], Long.parseLong(args[4]), System.out);
    boolean ok = soak.run(Integer.parseInt(args[5]), Duration.ofSeconds(Long.parseLong(args[6])));
    System.exit(ok ? 0 : 1);
  }

  private boolean run(int workers, Duration duration) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      long seed = i;
      Thread t = new Thread(() -> work(new SplittableRandom(seed)), "soak-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    out.println(
        "soak: "
            + workers
            + " streams to "
            + deviceId
            + "/"
            + service
            + " for "
            + duration.toMinutes()
            + " min; a line per minute");
    out.println("minute  streams  failures  MiB-checked  heap-MiB  threads  fds  rss-MiB");
    long start = System.nanoTime();
    long[] first = null;
    long[] last = null;
    for (int minute = 1; ; minute++) {
      long until = start + TimeUnit.MINUTES.toNanos(minute);
      long end = start + duration.toNanos();
      long wake = Math.min(until, end);
      while (System.nanoTime() < wake) {
        TimeUnit.NANOSECONDS.sleep(Math.min(wake - System.nanoTime(), 1_000_000_000L));
      }
      long[] hub = HubStats.read(hubPid);
      out.printf(
          Locale.ROOT,
          "%6d  %7d  %8d  %11.1f  %8.1f  %7d  %3d  %7.1f%n",
          minute,
          streams.get(),
          failures.get(),
          bytes.get() / 1048576.0,
          hub[0] / 1048576.0,
          hub[1],
          hub[2],
          hub[3] / 1048576.0);
      if (first == null) {
        first = hub;
      }
      last = hub;
      if (wake == end) {
        break;
      }
    }
    stopping = true;
    for (Thread t : threads) {
      t.join(60_000);
    }
    return summary(first, last);
  }

  private boolean summary(long[] first, long[] last) {
    out.printf(
        Locale.ROOT,
        "soak: %d streams, %d failed, %.1f MiB checked byte for byte%n",
        streams.get(),
        failures.get(),
        bytes.get() / 1048576.0);
    out.printf(
        Locale.ROOT,
        "hub, first minute -> last: heap %.1f -> %.1f MiB (%.2fx), threads %d -> %d, fds %d -> %d,"
            + " rss %.1f -> %.1f MiB%n",
        first[0] / 1048576.0,
        last[0] / 1048576.0,
        (double) last[0] / first[0],
        first[1],
        last[1],
        first[2],
        last[2],
        first[3] / 1048576.0,
        last[3] / 1048576.0);
    failureSamples.stream().limit(5).forEach(f -> out.println("  failure: " + f));
    boolean flat =
        last[0] <= first[0] * 1.5 && last[1] <= first[1] + 10 && last[2] <= first[2] + 20;
    out.println(
        "soak: " + (failures.get() == 0 && flat ? "PASS" : "FAIL") + " (flat: " + flat + ")");
    return failures.get() == 0 && flat;
  }

  private void work(SplittableRandom random) {
    byte[] sent = new byte[CHUNK_MAX];
    byte[] back = new byte[CHUNK_MAX];
    while (!stopping) {
      try {
        oneStream(random, sent, back);
        streams.incrementAndGet();
      } catch (IOException | RuntimeException e) {
        failures.incrementAndGet();
        if (failureSamples.size() < 20) {
          failureSamples.add(e.toString());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void oneStream(SplittableRandom random, byte[] sent, byte[] back)
      throws IOException, InterruptedException {
    StreamGrant grant = client.createStream(deviceId, service, StreamTimeouts.HUB_DEFAULTS);
    StreamConnection stream = client.openStream(grant).connect();
    long holdUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5 + random.nextInt(11));
    OutputStream output = stream.output();
    InputStream input = stream.input();
    while (System.nanoTime() < holdUntil && !stopping) {
      int n = 1 + random.nextInt(CHUNK_MAX);
      for (int i = 0; i < n; i++) {
        sent[i] = (byte) random.nextInt(256);
      }
      output.write(sent, 0, n);
      output.flush();
      int got = input.readNBytes(back, 0, n);
      if (got != n || !Arrays.equals(sent, 0, n, back, 0, n)) {
        stream.close();
        throw new IOException("stream " + grant.streamId() + ": echo differs after " + got + " B");
      }
      bytes.addAndGet(n);
      TimeUnit.MILLISECONDS.sleep(200 + random.nextInt(800)); // a paced, interactive-like load
    }
    output.close();
    if (input.read() != -1) {
      throw new IOException("stream " + grant.streamId() + ": bytes after the echo ended");
    }
    StreamResult result;
    try {
      result = stream.result().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("stream " + grant.streamId() + " did not end: " + e, e);
    }
    if (!result.isNormal()) {
      throw new IOException("stream " + grant.streamId() + " ended: " + result.describe());
    }
  }

  /** The hub's heap used after a full GC, threads, open file descriptors and RSS. */
  private static final class HubStats {
    static long[] read(long pid) {
      long heap = heapAfterGc(pid);
      long threads = 0;
      long rss = 0;
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (line.startsWith("Threads:")) {
            threads = Long.parseLong(line.substring(8).trim());
          } else if (line.startsWith("VmRSS:")) {
            rss = Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
          }
        }
      } catch (IOException e) {
        return new long[] {heap, -1, -1, -1};
      }
      long fds;
      try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
        fds = list.count();
      } catch (IOException e) {
        fds = -1;
      }
      return new long[] {heap, threads, fds, rss};
    }

    /** Runs a full GC in the hub with jcmd and reads the used heap that jcmd then reports. */
    private static long heapAfterGc(long pid) {
      try {
        run("jcmd", Long.toString(pid), "GC.run");
        String info = run("jcmd", Long.toString(pid), "GC.heap_info");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
      } catch (IOException e) {
        return -1;
      }
    }

    private static String run(String... cmd) throws IOException {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes());
      try {
        p.waitFor(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return text;
    }
  }
}
