package io.devstreams.protocol.mux;

import io.devstreams.protocol.tunnel.DaemonThreadFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that carry v2 streams in a client process (a stream's two bridge directions, a
 * device's answer to an offer), kept for a minute after their stream ends for the next one.
 *
 * <p>A stream used to start its threads and let them end with it: creating and ending a thread was
 * 15 to 20% of the agent's and {@code forward}'s CPU per stream (perf, docs/performance.md). As
 * many threads run as streams need: a task never waits for a free thread.
 */
final class StreamThreads {

  private static final ExecutorService POOL =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          60,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          new DaemonThreadFactory("devstreams-stream"));

  private StreamThreads() {}

  /** Runs {@code task} on a kept thread, or on a new one if none is free. */
  static void run(Runnable task) {
    POOL.execute(task);
  }
}
