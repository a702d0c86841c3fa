package io.devstreams.hub.control;

/**
 * What device presence tells the hub's metrics: a device connected (its control channel was
 * registered) or disconnected (its last channel went). Called on the container's connection
 * threads: an implementation must be thread-safe and return at once.
 */
public interface DeviceEvents {

  /** Events that go nowhere, for tests that keep no metrics. */
  DeviceEvents NONE = new DeviceEvents() {};

  /** A device's control channel opened and became its current one. */
  default void connected() {}

  /** A device's last control channel closed (or was found dead). */
  default void disconnected() {}
}
