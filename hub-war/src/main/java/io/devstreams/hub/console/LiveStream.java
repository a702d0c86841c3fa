package io.devstreams.hub.console;

/**
 * One active stream as the console's Streams page shows it, with its rate over the last second.
 *
 * @param streamId the stream id
 * @param deviceId the device
 * @param name the service name
 * @param ageSeconds seconds since both sides joined
 * @param bytesFromDevice payload bytes relayed from the device
 * @param bytesFromService payload bytes relayed from the service
 * @param rateFromDevice bytes per second from the device since the previous update
 * @param rateFromService bytes per second from the service since the previous update
 */
public record LiveStream(
    String streamId,
    String deviceId,
    String name,
    long ageSeconds,
    long bytesFromDevice,
    long bytesFromService,
    long rateFromDevice,
    long rateFromService) {}
