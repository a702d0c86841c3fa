package io.devstreams.hub.registry;

/**
 * A CDI event the registry fires when a device was created, updated or deleted; observers that keep
 * something of the device in memory observe it after the transaction completes.
 *
 * <p>In a cluster, a write on another instance has to reach this instance's observers as well (a
 * topic on the grid); today the event stays in the instance that made the change.
 *
 * @param deviceId the device
 */
public record DeviceChanged(String deviceId) {}
