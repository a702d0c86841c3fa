package io.devstreams.hub.streams;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A bounded hand-off from the threads that end streams to the one that writes their records: {@link
 * #offer} never blocks (a full queue drops the record and counts it), and one drain at a time runs
 * on the executor, writing records in batches in the order they came.
 */
public final class RecordQueue {

  private static final System.Logger LOG = System.getLogger(RecordQueue.class.getName());
  private static final int BATCH = 200;

  private final BlockingQueue<StreamRecord> queue;
  private final Executor executor;
  private final Consumer<List<StreamRecord>> sink;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final ReentrantLock writing = new ReentrantLock();
  private final AtomicLong dropped = new AtomicLong();

  /** Creates a queue of {@code capacity} records drained on {@code executor} into {@code sink}. */
  public RecordQueue(int capacity, Executor executor, Consumer<List<StreamRecord>> sink) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.executor = Objects.requireNonNull(executor, "executor");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** Queues a record and makes sure a drain is coming; returns false if the queue was full. */
  public boolean offer(StreamRecord record) {
    if (!queue.offer(record)) {
      long lost = dropped.incrementAndGet();
      if (lost == 1 || lost % 1000 == 0) {
        LOG.log(Level.WARNING, "audit queue full: {0} stream record(s) dropped so far", lost);
      }
      return false;
    }
    scheduleDrain();
    return true;
  }

  /** Returns how many records were dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Writes the records waiting in the queue on the calling thread, for a last write at shutdown,
   * after the batch a drain may be writing (waiting for it at most {@code timeout}). Returns false
   * if that batch was still being written (the queue's records are written all the same).
   */
  public boolean flush(Duration timeout) {
    boolean waited;
    try {
      waited = writing.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      waited = false;
    }
    try {
      writeAll();
    } finally {
      if (waited) {
        writing.unlock();
      }
    }
    return waited;
  }

  /** Returns how many records wait to be written. */
  public int size() {
    return queue.size();
  }

  private void scheduleDrain() {
    if (draining.compareAndSet(false, true)) {
      try {
        executor.execute(this::drain);
      } catch (RuntimeException e) {
        draining.set(false);
        LOG.log(Level.WARNING, "cannot schedule the audit writer; records wait in the queue", e);
      }
    }
  }

  /** Writes batches until the queue is empty, then lets the next offer schedule a drain. */
  private void drain() {
    writing.lock();
    try {
      writeAll();
    } finally {
      writing.unlock();
      draining.set(false);
    }
    if (!queue.isEmpty()) {
      scheduleDrain(); // a record offered while this drain was finishing
    }
  }

  private void writeAll() {
    List<StreamRecord> batch = new ArrayList<>(BATCH);
    while (queue.drainTo(batch, BATCH) > 0) {
      write(batch);
      batch.clear();
    }
  }

  private void write(List<StreamRecord> batch) {
    try {
      sink.accept(List.copyOf(batch));
    } catch (RuntimeException e) {
      dropped.addAndGet(batch.size());
      LOG.log(Level.WARNING, "could not write " + batch.size() + " stream record(s)", e);
    }
  }
}
