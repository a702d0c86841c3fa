package io.devstreams.bench;

import io.devstreams.protocol.tunnel.StreamConnection;
import io.devstreams.protocol.tunnel.StreamResult;
import io.devstreams.service.StreamOpener;
import io.devstreams.service.StreamTarget;
import io.devstreams.service.StreamTimeouts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many v2 streams at once in this process, spread over a few connections (each a {@link
 * StreamOpener} from {@code ServiceClient.multiplexed()}, as separate service processes would
 * hold), to an echo service. Stream {@code i} carries its own bytes of {@link DataPattern} (from
 * offset {@code i * 104,729}), so a byte delivered to the wrong stream is caught.
 *
 * <p>Phase one opens every stream (a few threads, each open one {@code OPEN} and its answer) and
 * keeps them all open. Phase two moves the data in rounds with a few worker threads, each owning a
 * slice of the streams: a round writes one chunk to each of its streams, then reads each one's echo
 * back and compares it. The bytes in flight are at most a chunk per stream, which the caller keeps
 * under the connections' windows, so no stream waits on another's reader. Last, each stream
 * half-closes and must end normally (1000) after the echo's end. A watchdog ends every stream at
 * the deadline, so a stuck stream fails the case instead of hanging it.
 */
final class ManyStreams {

  /** How it went: counts, phase durations, one line per failed stream (at most 20 kept). */
  record Outcome(
      int streams,
      int opened,
      int verified,
      long openNanos,
      long transferNanos,
      long bytesEachWay,
      List<String> failures) {}

  private static final int MAX_FAILURES_KEPT = 20;

  private final List<StreamOpener> connections;
  private final String deviceId;
  private final String service;
  private final int count;
  private final int chunk;
  private final int rounds;
  private final StreamTimeouts timeouts;
  private final StreamConnection[] streams;
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private final java.util.concurrent.atomic.AtomicLong echoed =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile Runnable atDeadline = () -> {};

  ManyStreams(
      List<StreamOpener> connections,
      String deviceId,
      String service,
      int count,
      int chunk,
      int rounds,
      StreamTimeouts timeouts) {
    if (connections.isEmpty() || count < 1 || chunk < 1 || rounds < 1) {
      throw new IllegalArgumentException("needs a connection, a stream, a chunk and a round");
    }
    this.connections = List.copyOf(connections);
    this.deviceId = deviceId;
    this.service = service;
    this.count = count;
    this.chunk = chunk;
    this.rounds = rounds;
    this.timeouts = timeouts;
    this.streams = new StreamConnection[count];
  }

  /** Runs {@code diagnosis} when a phase's deadline passes, before the streams are ended. */
  void atDeadline(Runnable diagnosis) {
    this.atDeadline = diagnosis;
  }

  /** The bytes that came back and were checked so far, all streams together. */
  long echoedSoFar() {
    return echoed.get();
  }

  /** The bytes each stream sends (and gets back). */
  long bytesEach() {
    return (long) chunk * rounds;
  }

  /**
   * Opens every stream with {@code openers} threads (giving up after {@code openSeconds}), runs
   * {@code whileAllOpen}, moves the data with {@code workers} threads (giving up after {@code
   * transferSeconds}).
   */
  Outcome run(
      int openers, int workers, long openSeconds, long transferSeconds, Runnable whileAllOpen)
      throws InterruptedException {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      long t0 = System.nanoTime();
      inParallel(openers, openSeconds, timer, this::open);
      long openNanos = System.nanoTime() - t0;
      int opened = 0;
      for (StreamConnection s : streams) {
        opened += s == null ? 0 : 1;
      }
      whileAllOpen.run();
      AtomicInteger verified = new AtomicInteger();
      long t1 = System.nanoTime();
      inParallel(
          workers,
          transferSeconds,
          timer,
          (worker, of) -> verified.addAndGet(transfer(worker, of)));
      long transferNanos = System.nanoTime() - t1;
      return new Outcome(
          count,
          opened,
          verified.get(),
          openNanos,
          transferNanos,
          (long) verified.get() * bytesEach(),
          List.copyOf(failures));
    } finally {
      timer.shutdownNow();
      for (StreamConnection s : streams) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  /** One thread's share of a phase: thread {@code worker} of {@code of}. */
  private interface Share {
    void run(int worker, int of) throws InterruptedException;
  }

  private void inParallel(int threads, long timeoutSeconds, ScheduledExecutorService timer, Share s)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    ScheduledFuture<?> watchdog = timer.schedule(this::expire, timeoutSeconds, TimeUnit.SECONDS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int worker = w;
        running.add(
            pool.submit(
                () -> {
                  s.run(worker, threads);
                  return null;
                }));
      }
      for (Future<?> f : running) {
        try {
          f.get(timeoutSeconds + 60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
          fail(-1, "a worker broke: " + e);
        }
      }
    } finally {
      watchdog.cancel(false);
      pool.shutdownNow();
    }
  }

  /** Opens streams {@code worker}, {@code worker + of}, ... */
  private void open(int worker, int of) {
    for (int i = worker; i < count; i += of) {
      try {
        StreamOpener connection = connections.get(i % connections.size());
        streams[i] =
            connection
                .open(new StreamTarget(deviceId, service, StreamTimeouts.HUB_DEFAULTS))
                .connect();
      } catch (RuntimeException e) {
        fail(i, "not opened: " + e.getMessage());
      }
    }
  }

  /**
   * Moves and checks the data of streams {@code worker}, {@code worker + of}, ...; the verified.
   */
  private int transfer(int worker, int of) {
    List<Integer> mine = new ArrayList<>();
    for (int i = worker; i < count; i += of) {
      if (streams[i] != null) {
        mine.add(i);
      }
    }
    boolean[] broken = new boolean[count];
    byte[] out = new byte[chunk];
    byte[] in = new byte[chunk];
    for (int round = 0; round < rounds; round++) {
      long offset = (long) round * chunk;
      for (int i : mine) {
        if (!broken[i]) {
          try {
            DataPattern.shared().slice(start(i) + offset, chunk).get(out);
            streams[i].output().write(out);
          } catch (IOException e) {
            broken[i] = fail(i, "write failed at " + offset + ": " + e.getMessage());
          }
        }
      }
      for (int i : mine) {
        if (!broken[i]) {
          try {
            readFully(streams[i].input(), in);
            int mismatch =
                ByteBuffer.wrap(in).mismatch(DataPattern.shared().slice(start(i) + offset, chunk));
            if (mismatch >= 0) {
              broken[i] = fail(i, "byte " + (offset + mismatch) + " came back changed");
            } else {
              echoed.addAndGet(chunk);
            }
          } catch (IOException e) {
            broken[i] = fail(i, "read failed at " + offset + ": " + e.getMessage());
          }
        }
      }
    }
    int verified = 0;
    for (int i : mine) {
      if (!broken[i] && ended(i)) {
        verified++;
      }
    }
    return verified;
  }

  /** Half-closes stream {@code i} and checks that it ends normally after the echo's end. */
  private boolean ended(int i) {
    String problem = endProblem(streams[i]);
    if (problem != null) {
      fail(i, problem);
    }
    return problem == null;
  }

  private static String endProblem(StreamConnection s) {
    try {
      s.output().close();
      if (s.input().read() >= 0) {
        return "more bytes came back than were sent";
      }
      StreamResult result = s.result().get(Latency.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      return result.isNormal() ? null : "ended: " + result.describe();
    } catch (IOException | ExecutionException | TimeoutException e) {
      return "did not end: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private static long start(int i) {
    return (i * 104_729L) % DataPattern.PERIOD;
  }

  private static void readFully(InputStream in, byte[] into) throws IOException {
    for (int got = 0; got < into.length; ) {
      int n = in.read(into, got, into.length - got);
      if (n < 0) {
        throw new IOException("the stream ended after " + got + " of " + into.length + " bytes");
      }
      got += n;
    }
  }

  /** Ends every stream (the deadline passed): blocked reads and writes return. */
  private void expire() {
    atDeadline.run();
    fail(
        -1,
        "deadline passed after "
            + echoed.get()
            + " bytes echoed in all: every stream still running was ended");
    for (StreamConnection s : streams) {
      if (s != null) {
        s.close();
      }
    }
  }

  /**
   * Records a failure and ends the stream, so that its unread echo does not hold its connection's
   * window; returns true (the stream is broken).
   */
  private boolean fail(int stream, String why) {
    if (stream >= 0) {
      StreamConnection s = streams[stream];
      if (s != null) {
        s.close();
      }
    }
    if (failures.size() < MAX_FAILURES_KEPT) {
      failures.add((stream >= 0 ? "stream " + stream + ": " : "") + why);
    }
    return true;
  }
}
