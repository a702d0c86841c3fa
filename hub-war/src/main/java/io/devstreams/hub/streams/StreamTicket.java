package io.devstreams.hub.streams;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link StreamAdmission#open} hands out: the stream id and one bearer token per side, each
 * valid once and only until the deadline.
 *
 * <p>{@link #toString()} leaves the tokens out so that a ticket can be logged.
 *
 * @param streamId the random, URL-safe stream id (the last segment of the stream URL)
 * @param deviceId the device the stream leads to
 * @param streamName the service name the device maps to a local target
 * @param deviceToken the bearer token for the device side
 * @param serviceToken the bearer token for the service side
 * @param deadline when both sides must have joined
 */
public record StreamTicket(
    String streamId,
    String deviceId,
    String streamName,
    String deviceToken,
    String serviceToken,
    Instant deadline) {

  /** Checks that every component is present. */
  public StreamTicket {
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(streamName, "streamName");
    Objects.requireNonNull(deviceToken, "deviceToken");
    Objects.requireNonNull(serviceToken, "serviceToken");
    Objects.requireNonNull(deadline, "deadline");
  }

  /** Returns the token for one side. */
  public String token(Side side) {
    return side == Side.DEVICE ? deviceToken : serviceToken;
  }

  @Override
  public String toString() {
    return "StreamTicket[streamId=%s, deviceId=%s, streamName=%s, deadline=%s]"
        .formatted(streamId, deviceId, streamName, deadline);
  }
}
