package io.devstreams.hub.registry;

import io.devstreams.hub.settings.AuditSettings;
import io.devstreams.hub.streams.RecordQueue;
import io.devstreams.hub.streams.StreamRecord;
import io.devstreams.hub.streams.StreamRecorder;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The broker's recorder in the container: records go through a bounded {@link RecordQueue} to one
 * writer thread, which appends them to the {@link StreamHistory}, so that no relay or request
 * thread ever waits for the database. Once an hour, records older than the retention are deleted.
 *
 * <p>The writer starts {@link #LINGER} after the first record of a batch, and writes every record
 * that came meanwhile in one transaction: a commit per record was 39% of the hub's CPU at 150 new
 * streams a second (H2 writes a chunk at every commit). Its thread comes from the container's
 * thread factory once: handing each batch to the managed executor captured the container's context
 * every time, which scanned the WAR's jars on the relay thread (a tenth of the hub's CPU).
 */
@ApplicationScoped
public class StreamAudit implements StreamRecorder {

  private static final System.Logger LOG = System.getLogger(StreamAudit.class.getName());
  private static final long PRUNE_MINUTES = 60;
  private static final Duration FLUSH_WAIT = Duration.ofSeconds(10);

  /** How long the writer waits after a batch's first record for more to write with it. */
  static final Duration LINGER = Duration.ofMillis(100);

  @Inject StreamHistory history;

  @Inject AuditSettings settings;

  @Resource private ManagedThreadFactory threads;
  @Resource private ManagedScheduledExecutorService scheduler;

  private ScheduledThreadPoolExecutor writer;
  private RecordQueue queue;
  private ScheduledFuture<?> pruning;

  /**
   * Creates the bean when the application starts, on a container thread: created later, on the
   * shutdown thread for a first stream ended there, it had no executor (the container injects
   * resources only on its own threads) and the shutdown failed.
   */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    // Observing the event is what creates the bean; there is nothing else to do.
  }

  @PostConstruct
  void start() {
    writer = new ScheduledThreadPoolExecutor(1, threads);
    writer.prestartCoreThread(); // on this container thread, with the application's context
    queue =
        new RecordQueue(
            settings.queue(),
            drain -> writer.schedule(drain, LINGER.toMillis(), TimeUnit.MILLISECONDS),
            history::append);
    pruning = scheduler.scheduleWithFixedDelay(this::prune, 1, PRUNE_MINUTES, TimeUnit.MINUTES);
  }

  @Override
  public void record(StreamRecord record) {
    queue.offer(record);
  }

  /** Deletes the records older than the retention; logs and carries on if the database fails. */
  void prune() {
    try {
      int deleted = history.prune(Clock.systemUTC().instant().minus(settings.retention()));
      if (deleted > 0) {
        LOG.log(
            Level.INFO,
            "stream history: deleted {0} record(s) older than {1} day(s)",
            deleted,
            settings.retention().toDays());
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "stream history: pruning failed; it runs again in an hour", e);
    }
  }

  /**
   * Writes the records still queued on the calling thread, after the batch being written: the hub
   * calls it at shutdown once its streams are closed, before the database closes.
   */
  public void flush() {
    if (!queue.flush(FLUSH_WAIT)) {
      LOG.log(
          Level.WARNING,
          "stream history: the writer was still busy after {0} s at shutdown",
          FLUSH_WAIT.toSeconds());
    }
  }

  /** Stops pruning; records still queued are written here before the hub stops. */
  @PreDestroy
  void stop() {
    if (pruning != null) {
      pruning.cancel(false);
    }
    flush();
    if (writer != null) {
      writer.shutdownNow();
    }
  }
}
