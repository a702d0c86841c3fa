package io.devstreams.hub.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialTaskTest {

  @Test
  void signalRunsTheTaskOnTheCallingThread() {
    Thread[] ranOn = new Thread[1];
    SerialTask task = new SerialTask(() -> ranOn[0] = Thread.currentThread());

    task.signal();

    assertThat(ranOn[0]).isSameAs(Thread.currentThread());
  }

  @Test
  void signalDuringARunRunsTheTaskOnceMoreAfterIt() {
    AtomicInteger runs = new AtomicInteger();
    SerialTask[] task = new SerialTask[1];
    task[0] =
        new SerialTask(
            () -> {
              if (runs.incrementAndGet() == 1) {
                task[0].signal();
                task[0].signal();
              }
            });

    task[0].signal();

    assertThat(runs).hasValue(2);
  }

  @Test
  void concurrentSignalsNeverOverlapAndNoneIsLost() throws InterruptedException {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger pending = new AtomicInteger();
    AtomicInteger handled = new AtomicInteger();
    SerialTask task =
        new SerialTask(
            () -> {
              if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
              }
              handled.addAndGet(pending.getAndSet(0));
              running.decrementAndGet();
            });
    int threads = 8;
    int perThread = 20_000;
    CountDownLatch done = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  pending.incrementAndGet();
                  task.signal();
                }
                done.countDown();
              })
          .start();
    }

    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(overlaps).hasValue(0);
    assertThat(handled).hasValue(threads * perThread);
  }
}
