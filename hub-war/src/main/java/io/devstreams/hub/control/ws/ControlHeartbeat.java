package io.devstreams.hub.control.ws;

import io.devstreams.hub.control.ControlConnections;
import io.devstreams.hub.control.DevicePresence;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the control channels' heartbeat once a second on the container's scheduler, and gives back
 * the connection slots of upgrades that never opened a channel.
 */
@ApplicationScoped
public class ControlHeartbeat {
  private static final System.Logger LOG = System.getLogger(ControlHeartbeat.class.getName());

  @Resource ManagedScheduledExecutorService scheduler;
  @Inject DevicePresence presence;
  @Inject ControlConnections connections;
  private ScheduledFuture<?> task;

  void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
    task = scheduler.scheduleWithFixedDelay(this::beat, 1, 1, TimeUnit.SECONDS);
  }

  private void beat() {
    try {
      // First: the sweep touches no database, so a registry failure below cannot hold slots.
      int lost = connections.sweep();
      if (lost > 0) {
        LOG.log(
            Level.WARNING, "{0} control upgrade(s) never opened a channel: slots given back", lost);
      }
      presence.heartbeat();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "control heartbeat failed", e);
    }
  }

  @PreDestroy
  void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
