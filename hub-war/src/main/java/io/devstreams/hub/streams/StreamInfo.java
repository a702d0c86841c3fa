package io.devstreams.hub.streams;

import java.time.Duration;

/**
 * A snapshot of one paired stream, for {@code devstreams streams} and operations.
 *
 * @param streamId the stream id
 * @param deviceId the device the stream leads to
 * @param streamName the service name
 * @param age time since both sides joined
 * @param bytesFromDevice payload bytes relayed from the device to the service
 * @param bytesFromService payload bytes relayed from the service to the device
 */
public record StreamInfo(
    String streamId,
    String deviceId,
    String streamName,
    Duration age,
    long bytesFromDevice,
    long bytesFromService) {}
