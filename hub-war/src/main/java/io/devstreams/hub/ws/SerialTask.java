package io.devstreams.hub.ws;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a task on whichever thread signals it, never on two threads at once, and never misses a
 * signal: a signal that arrives while the task runs makes it run once more.
 *
 * <p>This is how a connection serialises the container callbacks (read, write, error) that arrive
 * on different threads with the partner's and the broker's requests, without a lock and without a
 * thread of its own. The task must not throw and must not block.
 */
public final class SerialTask {

  private static final int IDLE = 0;
  private static final int RUNNING = 1;
  private static final int AGAIN = 2;

  private final AtomicInteger state = new AtomicInteger(IDLE);
  private final Runnable task;

  public SerialTask(Runnable task) {
    this.task = task;
  }

  /** Runs the task now on this thread, or, if it is running elsewhere, once more after that. */
  public void signal() {
    while (true) {
      int current = state.get();
      if (current == AGAIN) {
        return;
      }
      int next = current == IDLE ? RUNNING : AGAIN;
      if (state.compareAndSet(current, next)) {
        if (next == AGAIN) {
          return;
        }
        break;
      }
    }
    do {
      state.set(RUNNING);
      task.run();
    } while (!state.compareAndSet(RUNNING, IDLE));
  }
}
