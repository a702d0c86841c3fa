package io.devstreams.device;

import java.time.Duration;

/**
 * Receives a {@link DeviceClient}'s control-channel state changes (the client logs them too);
 * called on the client's threads, so implementations return quickly.
 */
public interface ConnectionListener {

  /** The control channel is open: the device is online and can receive stream requests. */
  default void connected() {}

  /** An attempt failed or the channel closed; the next attempt follows after {@code retryIn}. */
  default void disconnected(String reason, Duration retryIn) {}

  /** The client stopped for good and will not reconnect. */
  default void stopped(StopReason reason) {}
}
