package io.devstreams.hub.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RecordQueueTest {

  /** An executor that runs each task on a new thread, as the container's would. */
  private static final Executor OWN_THREAD = task -> new Thread(task).start();

  /** An executor that runs nothing until told to, so the test sees what happens off-thread. */
  private final Queue<Runnable> tasks = new ArrayDeque<>();

  private final Executor manual = tasks::add;

  private final List<List<StreamRecord>> written = new ArrayList<>();

  @Test
  void offerReturnsAtOnceAndTheWriterWritesOnTheExecutor() {
    RecordQueue queue = new RecordQueue(10, manual, written::add);

    assertThat(queue.offer(record("a"))).isTrue();
    assertThat(queue.offer(record("b"))).isTrue();

    assertThat(written).isEmpty();
    assertThat(tasks).hasSize(1);
    tasks.poll().run();
    assertThat(written).hasSize(1);
    assertThat(written.get(0)).extracting(StreamRecord::deviceId).containsExactly("a", "b");
  }

  @Test
  void fullQueueDropsAndCountsInsteadOfBlocking() {
    RecordQueue queue = new RecordQueue(2, manual, written::add);

    queue.offer(record("a"));
    queue.offer(record("b"));

    assertThat(queue.offer(record("c"))).isFalse();
    assertThat(queue.dropped()).isEqualTo(1);
    assertThat(queue.size()).isEqualTo(2);
  }

  @Test
  void aFailedWriteIsCountedAndTheNextRecordsAreStillWritten() {
    List<StreamRecord> kept = new ArrayList<>();
    RecordQueue queue =
        new RecordQueue(
            10,
            manual,
            batch -> {
              if (batch.get(0).deviceId().equals("bad")) {
                throw new IllegalStateException("database down");
              }
              kept.addAll(batch);
            });

    queue.offer(record("bad"));
    tasks.poll().run();
    queue.offer(record("good"));
    tasks.poll().run();

    assertThat(queue.dropped()).isEqualTo(1);
    assertThat(kept).extracting(StreamRecord::deviceId).containsExactly("good");
  }

  @Test
  void flushWritesTheQueuedRecordsOnTheCallingThread() {
    RecordQueue queue = new RecordQueue(10, manual, written::add);
    queue.offer(record("a"));
    queue.offer(record("b"));

    assertThat(queue.flush(Duration.ofSeconds(1))).isTrue();

    assertThat(written).hasSize(1);
    assertThat(written.get(0)).extracting(StreamRecord::deviceId).containsExactly("a", "b");
    tasks.poll().run(); // the drain scheduled by the offers finds nothing left
    assertThat(written).hasSize(1);
  }

  @Test
  void flushWaitsForTheBatchBeingWrittenThenWritesTheRestAfterIt() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<List<StreamRecord>> batches = new CopyOnWriteArrayList<>();
    RecordQueue queue = new RecordQueue(10, OWN_THREAD, blockingOnFirst(writing, release, batches));
    queue.offer(record("a"));
    assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
    queue.offer(record("b"));

    CompletableFuture<Boolean> flushed =
        CompletableFuture.supplyAsync(() -> queue.flush(Duration.ofSeconds(30)));
    release.countDown();

    assertThat(flushed.get(10, TimeUnit.SECONDS)).isTrue();
    assertThat(batches).hasSize(2);
    assertThat(batches.get(0)).extracting(StreamRecord::deviceId).containsExactly("a");
    assertThat(batches.get(1)).extracting(StreamRecord::deviceId).containsExactly("b");
  }

  @Test
  void flushWritesTheQueueAllTheSameWhenTheBatchBeingWrittenTakesTooLong() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<List<StreamRecord>> batches = new CopyOnWriteArrayList<>();
    RecordQueue queue = new RecordQueue(10, OWN_THREAD, blockingOnFirst(writing, release, batches));
    queue.offer(record("a"));
    assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
    queue.offer(record("b"));

    try {
      assertThat(queue.flush(Duration.ofMillis(50))).isFalse();
      assertThat(batches).hasSize(1);
      assertThat(batches.get(0)).extracting(StreamRecord::deviceId).containsExactly("b");
    } finally {
      release.countDown();
    }
  }

  /**
   * A sink that writes into {@code batches}; its first write signals {@code writing} and then waits
   * for {@code release}: a batch that is being written.
   */
  private static Consumer<List<StreamRecord>> blockingOnFirst(
      CountDownLatch writing, CountDownLatch release, List<List<StreamRecord>> batches) {
    return batch -> {
      if (writing.getCount() > 0) {
        writing.countDown();
        await(release);
      }
      batches.add(batch);
    };
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static StreamRecord record(String deviceId) {
    return StreamRecord.refused(
        "service", deviceId, "ssh", StreamRecord.Outcome.OFFLINE, "offline", Instant.EPOCH);
  }
}
