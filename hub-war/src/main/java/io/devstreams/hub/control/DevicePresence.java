package io.devstreams.hub.control;

import io.devstreams.hub.registry.DeviceRegistry;
import io.devstreams.protocol.CloseCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * Keeps the registry's connection state in step with control channels: Connected when a channel
 * opens, Disconnected (with the time) when the device's last channel goes. Once the hub {@link
 * #closeAll stops}, channels are closed as they open and leave the registry alone.
 */
@ApplicationScoped
public class DevicePresence {
  static final String SHUTTING_DOWN = "hub is shutting down";

  @Inject DeviceRegistry registry;
  @Inject DeviceChannels channels;
  @Inject StreamInitiation initiation;
  @Inject Clock clock;
  @Inject DeviceEvents events;

  private volatile boolean stopping;

  /** A control channel opened: registered, unless the hub is stopping (then closed with 1001). */
  public void opened(ControlChannel channel) {
    if (stopping) {
      channel.close(CloseCodes.GOING_AWAY, SHUTTING_DOWN);
      return;
    }
    channels.register(channel);
    registry.markConnected(channel.deviceId(), OffsetDateTime.now(clock));
    events.connected();
  }

  /**
   * A control channel closed (or was found dead): if it was the device's current channel, the
   * device is now Disconnected and requests waiting for its answer fail at once.
   */
  public void closed(ControlChannel channel) {
    boolean wasCurrent = channels.unregister(channel);
    if (wasCurrent || (!stopping && channels.find(channel.deviceId()).isEmpty())) {
      gone(channel.deviceId());
    }
  }

  /** Marks devices whose channels the heartbeat found dead. */
  public void heartbeat() {
    channels.heartbeat().forEach(c -> closed(c));
  }

  /**
   * Stops the hub's side of presence: channels that open from now on are closed at once, and every
   * open one is closed with 1001 and its device recorded Disconnected before this returns (the
   * container may not have called the channel's close back yet), so that the database can close
   * after it.
   */
  public void closeAll() {
    stopping = true;
    // Twice: a channel registered while the first pass ran (it had checked before the flag was
    // set).
    for (int pass = 0; pass < 2; pass++) {
      channels.closeAll(CloseCodes.GOING_AWAY, SHUTTING_DOWN).forEach(this::closed);
    }
  }

  private void gone(String deviceId) {
    if (channels.find(deviceId).isEmpty()) {
      registry.markDisconnected(deviceId, OffsetDateTime.now(clock));
      events.disconnected();
      initiation.onChannelClosed(deviceId);
    }
  }
}
