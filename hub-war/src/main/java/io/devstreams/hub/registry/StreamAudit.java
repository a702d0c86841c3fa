package io.devstreams.hub.registry;

import io.devstreams.hub.settings.AuditSettings;
import io.devstreams.hub.streams.RecordQueue;
import io.devstreams.hub.streams.StreamRecord;
import io.devstreams.hub.streams.StreamRecorder;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The broker's recorder in the container: records go through a bounded {@link RecordQueue} to the
 * managed executor, which appends them to the {@link StreamHistory}, so that no relay or request
 * thread ever waits for the database. Once an hour, records older than the retention are deleted.
 */
@ApplicationScoped
public class StreamAudit implements StreamRecorder {

  private static final System.Logger LOG = System.getLogger(StreamAudit.class.getName());
  private static final long PRUNE_MINUTES = 60;
  private static final Duration FLUSH_WAIT = Duration.ofSeconds(10);

  @Inject StreamHistory history;

  @Inject AuditSettings settings;

  @Resource private ManagedExecutorService executor;
  @Resource private ManagedScheduledExecutorService scheduler;

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
    queue = new RecordQueue(settings.queue(), executor, history::append);
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
  }
}
