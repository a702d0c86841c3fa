package io.devstreams.hub.control;

import io.devstreams.hub.registry.DeviceRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * Keeps the registry's connection state in step with control channels: Connected when a channel
 * opens, Disconnected (with the time) when the device's last channel goes.
 */
@ApplicationScoped
public class DevicePresence {
  @Inject DeviceRegistry registry;
  @Inject DeviceChannels channels;
  @Inject StreamInitiation initiation;
  @Inject Clock clock;

  /** A control channel opened and was registered. */
  public void opened(ControlChannel channel) {
    channels.register(channel);
    registry.markConnected(channel.deviceId(), OffsetDateTime.now(clock));
  }

  /**
   * A control channel closed (or was found dead): if it was the device's current channel, the
   * device is now Disconnected and requests waiting for its answer fail at once.
   */
  public void closed(ControlChannel channel) {
    boolean wasCurrent = channels.unregister(channel);
    if (wasCurrent || channels.find(channel.deviceId()).isEmpty()) {
      gone(channel.deviceId());
    }
  }

  /** Marks devices whose channels the heartbeat found dead. */
  public void heartbeat() {
    channels.heartbeat().forEach(c -> closed(c));
  }

  private void gone(String deviceId) {
    if (channels.find(deviceId).isEmpty()) {
      registry.markDisconnected(deviceId, OffsetDateTime.now(clock));
      initiation.onChannelClosed(deviceId);
    }
  }
}
