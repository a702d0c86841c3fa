package io.devstreams.hub.api;

import io.devstreams.hub.streams.StreamInfo;

/**
 * One active stream as {@code GET /streams} shows it.
 *
 * @param streamId the stream id (not a credential: joining needs the single-use token)
 * @param deviceId the device the stream leads to
 * @param name the service name on the device
 * @param ageSeconds seconds since both sides joined
 * @param bytesFromDevice payload bytes relayed from the device
 * @param bytesFromService payload bytes relayed from the service
 */
public record StreamJson(
    String streamId,
    String deviceId,
    String name,
    long ageSeconds,
    long bytesFromDevice,
    long bytesFromService) {

  static StreamJson from(StreamInfo s) {
    return new StreamJson(
        s.streamId(),
        s.deviceId(),
        s.streamName(),
        s.age().toSeconds(),
        s.bytesFromDevice(),
        s.bytesFromService());
  }
}
