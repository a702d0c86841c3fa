package io.devstreams.bench;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Closes a socket that is still in use after a deadline, so that no measurement hangs the run. */
final class Watchdog implements AutoCloseable {

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "bench-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final ScheduledFuture<?> task;
  private final AtomicBoolean fired = new AtomicBoolean();

  private Watchdog(Closeable target, long seconds) {
    task =
        TIMER.schedule(
            () -> {
              fired.set(true);
              try {
                target.close();
              } catch (IOException e) {
                // closing is all we can do
              }
            },
            seconds,
            TimeUnit.SECONDS);
  }

  /** Closes {@code target} after {@code seconds} unless this watchdog is closed first. */
  static Watchdog arm(Closeable target, long seconds) {
    return new Watchdog(target, seconds);
  }

  /** Returns whether the deadline passed and the target was closed. */
  boolean fired() {
    return fired.get();
  }

  @Override
  public void close() {
    task.cancel(false);
  }
}
