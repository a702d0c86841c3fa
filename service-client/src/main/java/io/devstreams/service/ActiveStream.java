package io.devstreams.service;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * One stream the hub relays now, as {@code GET /streams} lists it.
 *
 * @param streamId the stream id (not a credential: joining needs a single-use token)
 * @param deviceId the device the stream leads to
 * @param name the stream name, which chose the service on the device
 * @param ageSeconds seconds since both sides joined
 * @param bytesFromDevice payload bytes relayed from the device to the service
 * @param bytesFromService payload bytes relayed from the service to the device
 */
@JsonbPropertyOrder({
  "streamId",
  "deviceId",
  "name",
  "ageSeconds",
  "bytesFromDevice",
  "bytesFromService"
})
public record ActiveStream(
    String streamId,
    String deviceId,
    String name,
    long ageSeconds,
    long bytesFromDevice,
    long bytesFromService) {}
