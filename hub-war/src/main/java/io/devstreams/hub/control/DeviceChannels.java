package io.devstreams.hub.control;

import io.devstreams.hub.settings.ControlSettings;
import io.devstreams.protocol.CloseCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Which devices are online, on which control channel: one channel per device (a newer connection
 * replaces the older one), heartbeats, and waiting for an offline device to come online.
 *
 * <p>Control traffic is low volume, so one lock guards the maps; nothing slow runs under it.
 */
@ApplicationScoped
public class DeviceChannels {
  private static final System.Logger LOG = System.getLogger(DeviceChannels.class.getName());

  private final Object lock = new Object();
  private final Map<String, Presence> online = new HashMap<>();
  private final Map<String, List<CompletableFuture<ControlChannel>>> waiters = new HashMap<>();
  private Clock clock;
  private ControlSettings settings;

  /** For CDI's proxy only. */
  protected DeviceChannels() {}

  /** Creates the registry of channels with its clock and settings. */
  @Inject
  public DeviceChannels(Clock clock, ControlSettings settings) {
    this.clock = clock;
    this.settings = settings;
  }

  /** Makes {@code channel} its device's channel, closing any older one with 4004. */
  public void register(ControlChannel channel) {
    Presence old;
    List<CompletableFuture<ControlChannel>> waiting;
    synchronized (lock) {
      old = online.put(channel.deviceId(), new Presence(channel, clock.instant()));
      waiting = waiters.remove(channel.deviceId());
    }
    if (old != null && old.channel != channel) {
      LOG.log(
          Level.INFO,
          "device {0}: newer control connection replaces the older one",
          channel.deviceId());
      old.channel.close(CloseCodes.REPLACED, "replaced by a newer connection of this device");
    }
    if (waiting != null) {
      waiting.forEach(w -> w.complete(channel));
    }
  }

  /**
   * Closes every device's control channel with {@code code} and {@code reason}; returns the
   * channels it closed.
   */
  public List<ControlChannel> closeAll(int code, String reason) {
    List<ControlChannel> open;
    synchronized (lock) {
      open = online.values().stream().map(p -> p.channel).toList();
    }
    open.forEach(channel -> channel.close(code, reason));
    return open;
  }

  /** Forgets {@code channel}; returns true if it was still its device's current channel. */
  public boolean unregister(ControlChannel channel) {
    synchronized (lock) {
      Presence current = online.get(channel.deviceId());
      if (current == null || current.channel != channel) {
        return false;
      }
      online.remove(channel.deviceId());
      return true;
    }
  }

  /** Records that the device showed signs of life (a pong or a message) on {@code channel}. */
  public void seen(ControlChannel channel) {
    synchronized (lock) {
      Presence current = online.get(channel.deviceId());
      if (current != null && current.channel == channel) {
        current.lastSeen = clock.instant();
      }
    }
  }

  /** The device's current channel, if it is online. */
  public Optional<ControlChannel> find(String deviceId) {
    synchronized (lock) {
      return Optional.ofNullable(online.get(deviceId)).map(p -> p.channel);
    }
  }

  /** Number of devices online. */
  public int onlineCount() {
    synchronized (lock) {
      return online.size();
    }
  }

  /**
   * Completes with the device's channel as soon as it is online, or exceptionally with a {@link
   * java.util.concurrent.TimeoutException} after {@code timeout}.
   */
  public CompletableFuture<ControlChannel> awaitOnline(String deviceId, Duration timeout) {
    CompletableFuture<ControlChannel> result = new CompletableFuture<>();
    synchronized (lock) {
      Presence current = online.get(deviceId);
      if (current != null) {
        result.complete(current.channel);
        return result;
      }
      if (timeout.isZero()) {
        result.completeExceptionally(new java.util.concurrent.TimeoutException());
        return result;
      }
      waiters.computeIfAbsent(deviceId, k -> new ArrayList<>()).add(result);
    }
    result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    result.whenComplete((c, e) -> forgetWaiter(deviceId, result));
    return result;
  }

  private void forgetWaiter(String deviceId, CompletableFuture<ControlChannel> waiter) {
    synchronized (lock) {
      List<CompletableFuture<ControlChannel>> list = waiters.get(deviceId);
      if (list != null && list.remove(waiter) && list.isEmpty()) {
        waiters.remove(deviceId);
      }
    }
  }

  /**
   * One heartbeat round: pings channels not pinged for the ping interval and closes with 4006 and
   * forgets those silent for the heartbeat timeout, which it returns. Called periodically; unit
   * tests call it with a moved clock.
   */
  public List<ControlChannel> heartbeat() {
    Instant now = clock.instant();
    List<ControlChannel> toPing = new ArrayList<>();
    List<ControlChannel> dead = new ArrayList<>();
    synchronized (lock) {
      for (Presence p : online.values()) {
        if (p.lastSeen.plus(settings.heartbeatTimeout()).isBefore(now)) {
          dead.add(p.channel);
        } else if (!p.lastPing.plus(settings.pingInterval()).isAfter(now)) {
          p.lastPing = now;
          toPing.add(p.channel);
        }
      }
    }
    toPing.forEach(ControlChannel::ping);
    for (ControlChannel c : dead) {
      LOG.log(
          Level.INFO,
          "device {0}: control channel silent for {1}, closing",
          c.deviceId(),
          settings.heartbeatTimeout());
      c.close(
          CloseCodes.HEARTBEAT_TIMEOUT,
          "no heartbeat for " + settings.heartbeatTimeout().toSeconds() + " s");
      unregister(c);
    }
    return dead;
  }

  /** The settings in force. */
  public ControlSettings settings() {
    return settings;
  }

  private static final class Presence {
    final ControlChannel channel;
    Instant lastSeen;
    Instant lastPing;

    Presence(ControlChannel channel, Instant now) {
      this.channel = channel;
      this.lastSeen = now;
      this.lastPing = now;
    }
  }
}
