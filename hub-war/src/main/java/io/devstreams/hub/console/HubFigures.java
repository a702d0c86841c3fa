package io.devstreams.hub.console;

import io.devstreams.hub.control.DeviceChannels;
import io.devstreams.hub.registry.DeviceSearch;
import io.devstreams.hub.registry.DeviceSearchQuery;
import io.devstreams.hub.streams.Side;
import io.devstreams.hub.streams.StreamAdmission;
import io.devstreams.hub.streams.StreamStatistics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * The hub's health and key figures for the console's Hub page: now, and sampled every {@value
 * #SAMPLE_SECONDS} s over the last half hour (devices connected, streams opened per minute, bytes
 * relayed per second), kept in memory only.
 */
@ApplicationScoped
public class HubFigures {

  /** Seconds between samples. */
  public static final int SAMPLE_SECONDS = 10;

  private static final System.Logger LOG = System.getLogger(HubFigures.class.getName());

  @Inject StreamStatistics streams;
  @Inject StreamAdmission admission;
  @Inject DeviceChannels channels;
  @Inject DeviceSearch devices;
  @Inject @Readiness Instance<HealthCheck> readiness;

  @Resource private ManagedScheduledExecutorService scheduler;

  private final FigureHistory history = new FigureHistory(180);
  private final Clock clock = Clock.systemUTC();
  private final Instant startedAt =
      Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
  private ScheduledFuture<?> sampling;

  /** Returns the hub's health, its figures now and their recent history. */
  public HubReport report() {
    List<String> down = new ArrayList<>();
    for (HealthCheck check : readiness) {
      HealthCheckResponse response = check.call();
      if (response.getStatus() != HealthCheckResponse.Status.UP) {
        down.add(response.getName());
      }
    }
    String health = !down.isEmpty() ? "DOWN" : admission.isDraining() ? "DRAINING" : "UP";
    FigureHistory.Sample now = sample();
    return new HubReport(
        health,
        down,
        startedAt,
        devices.search(new DeviceSearchQuery("", DeviceSearchQuery.State.ANY, null, 1)).total(),
        now.devicesConnected(),
        now.streamsActive(),
        streams.pendingCount(),
        now.streamsOpened(),
        now.bytesRelayed(),
        SAMPLE_SECONDS,
        history.points(now));
  }

  private FigureHistory.Sample sample() {
    return new FigureHistory.Sample(
        clock.instant(),
        channels.onlineCount(),
        streams.activeCount(),
        streams.openedCount(),
        streams.bytesRelayed(Side.DEVICE) + streams.bytesRelayed(Side.SERVICE));
  }

  /** Creates the bean when the application starts, so that sampling starts with the hub. */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    // Observing the event is what creates the bean; there is nothing else to do.
  }

  @PostConstruct
  void start() {
    history.add(sample());
    if (scheduler != null) {
      sampling =
          scheduler.scheduleAtFixedRate(
              this::sampleLogged, SAMPLE_SECONDS, SAMPLE_SECONDS, TimeUnit.SECONDS);
    }
  }

  @PreDestroy
  void stop() {
    if (sampling != null) {
      sampling.cancel(false);
    }
  }

  private void sampleLogged() {
    try {
      history.add(sample());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "console: sampling the hub's figures failed", e);
    }
  }
}
