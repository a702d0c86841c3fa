package io.devstreams.service;

import io.devstreams.protocol.DeviceIds;
import io.devstreams.protocol.StreamNames;
import java.util.Objects;

/**
 * What to ask the hub for: a stream to one service of one device, with the request's timeouts.
 *
 * @param deviceId the device
 * @param serviceName the stream name, which chooses the service on the device
 * @param timeouts the stream request's timeouts
 */
public record StreamTarget(String deviceId, String serviceName, StreamTimeouts timeouts) {

  /**
   * Validates the id and name, so that a mistake is caught before anything is sent.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public StreamTarget {
    DeviceIds.validate(deviceId);
    StreamNames.validate(serviceName);
    Objects.requireNonNull(timeouts, "timeouts");
  }

  /** Returns {@code DEVICE/SERVICE}. */
  @Override
  public String toString() {
    return deviceId + "/" + serviceName;
  }
}
