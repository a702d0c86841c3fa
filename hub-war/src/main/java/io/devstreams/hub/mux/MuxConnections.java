package io.devstreams.hub.mux;

import io.devstreams.hub.settings.MuxSettings;
import io.devstreams.protocol.CloseCodes;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The service processes' v2 connections: their settings, their heartbeat (a ping after the ping
 * interval of silence, 4006 after the timeout) and closing them when the hub stops. Devices' v2
 * connections are their control channels and beat with those.
 */
@ApplicationScoped
public class MuxConnections {

  private static final System.Logger LOG = System.getLogger(MuxConnections.class.getName());

  private final Set<MuxConnection> open = ConcurrentHashMap.newKeySet();
  private MuxSettings settings;
  @Resource private ManagedScheduledExecutorService scheduler;
  private ScheduledFuture<?> beating;

  /** For the container's client proxy only. */
  protected MuxConnections() {
    this(MuxSettings.defaults());
  }

  /** Creates the registry with the settings every v2 connection runs with. */
  @Inject
  public MuxConnections(MuxSettings settings) {
    this.settings = settings;
  }

  /** Returns the settings every v2 connection runs with. */
  public MuxSettings settings() {
    return settings;
  }

  /** Returns the number of service connections open. */
  public int serviceConnections() {
    return open.size();
  }

  /**
   * Registers an open service connection. Public, as every method of this bean that others call:
   * through the container's client proxy a package-private method runs on the proxy itself.
   */
  public void add(MuxConnection connection) {
    open.add(connection);
  }

  /** Forgets a service connection that ended. */
  public void remove(MuxConnection connection) {
    open.remove(connection);
  }

  /** One heartbeat round over the service connections. */
  public void beat() {
    long now = System.nanoTime();
    for (MuxConnection connection : List.copyOf(open)) {
      long silent = now - connection.lastHeardNanos();
      if (silent > settings.heartbeatTimeout().toNanos()) {
        LOG.log(
            Level.INFO,
            "a v2 service connection was silent for {0}: closing it",
            settings.heartbeatTimeout());
        connection.close(
            CloseCodes.HEARTBEAT_TIMEOUT,
            "no heartbeat for " + settings.heartbeatTimeout().toSeconds() + " s");
      } else if (silent > settings.pingInterval().toNanos()) {
        connection.ping();
      }
    }
  }

  /** Closes every service connection with 4007. */
  public void closeAll() {
    for (MuxConnection connection : List.copyOf(open)) {
      connection.close(CloseCodes.SHUTTING_DOWN, "hub is shutting down");
    }
  }

  @PostConstruct
  void start() {
    if (scheduler == null) {
      LOG.log(Level.WARNING, "no scheduler: v2 service connections get no heartbeat");
      return;
    }
    beating = scheduler.scheduleWithFixedDelay(this::beatLogged, 1, 1, TimeUnit.SECONDS);
  }

  @PreDestroy
  void stop() {
    closeAll();
    if (beating != null) {
      beating.cancel(false);
    }
  }

  private void beatLogged() {
    try {
      beat();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "v2 heartbeat failed; it runs again in a second", e);
    }
  }
}
