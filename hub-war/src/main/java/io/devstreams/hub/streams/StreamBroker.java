package io.devstreams.hub.streams;

import io.devstreams.hub.settings.StreamSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one holder of shared stream state: it makes the stream table and hands each caller the part
 * it needs, {@link StreamAdmission} (new streams), {@link StreamPairing} (the sides) and {@link
 * StreamStatistics} (the figures); it runs the sweep and ends every stream when the hub stops.
 *
 * <p>In the container a managed scheduler calls {@link StreamPairing#sweep()} every second; tests
 * call it themselves with a fixed clock.
 */
@ApplicationScoped
public class StreamBroker {

  private static final long SWEEP_MILLIS = 1000;
  private static final System.Logger LOG = System.getLogger(StreamBroker.class.getName());

  private final StreamAdmission admission;
  private final StreamPairing pairing;
  private final StreamStatistics statistics;

  @Resource private ManagedScheduledExecutorService scheduler;
  private ScheduledFuture<?> sweeping;

  /** For the container's client proxy only. */
  protected StreamBroker() {
    this.admission = null;
    this.pairing = null;
    this.statistics = null;
  }

  /**
   * Creates a broker from its settings; it hands the audit record of every stream request to {@code
   * recorder} and tells {@code events} (the hub's metrics) when streams pair and end. Nothing
   * sweeps until the container starts it, or unless the caller does.
   */
  @Inject
  public StreamBroker(
      StreamSettings settings, Clock clock, StreamRecorder recorder, StreamEvents events) {
    StreamTable table =
        new StreamTable(
            Objects.requireNonNull(settings, "settings"),
            Objects.requireNonNull(clock, "clock"),
            Objects.requireNonNull(recorder, "recorder"),
            Objects.requireNonNull(events, "events"));
    this.admission = new StreamAdmission(table);
    this.pairing = new StreamPairing(table);
    this.statistics = new StreamStatistics(table);
  }

  /** Returns the admission of new streams, for stream initiation and the shutdown. */
  @Produces
  @ApplicationScoped
  public StreamAdmission admission() {
    return admission;
  }

  /** Returns the pairing of the streams' sides, for the relays, the console and the shutdown. */
  @Produces
  @ApplicationScoped
  public StreamPairing pairing() {
    return pairing;
  }

  /** Returns the streams' figures, for the REST API, the console and the metrics. */
  @Produces
  @ApplicationScoped
  public StreamStatistics statistics() {
    return statistics;
  }

  /** Starts the periodic sweep on the container's managed scheduler. */
  @PostConstruct
  void start() {
    if (scheduler != null) {
      sweeping =
          scheduler.scheduleWithFixedDelay(
              this::sweepLogged, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Shuts down: drains unless that was done (on SIGTERM, see {@code control.GracefulShutdown}),
   * then closes whatever is left with 4007 and stops sweeping.
   */
  @PreDestroy
  void stop() {
    admission.drain();
    pairing.closeAll();
    if (sweeping != null) {
      sweeping.cancel(false);
    }
  }

  private void sweepLogged() {
    try {
      pairing.sweep();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "stream sweep failed; it runs again in a second", e);
    }
  }
}
