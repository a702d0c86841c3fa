package io.devstreams.hub.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class RecordQueueTest {

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

  private static StreamRecord record(String deviceId) {
    return StreamRecord.refused(
        "service", deviceId, "ssh", StreamRecord.Outcome.OFFLINE, "offline", Instant.EPOCH);
  }
}
