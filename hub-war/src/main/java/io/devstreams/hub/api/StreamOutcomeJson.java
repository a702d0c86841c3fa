package io.devstreams.hub.api;

/**
 * Body of a stream-initiation answer; the same facts as the {@code iothub-streaming-*} headers,
 * plus the device's reason when it said no (never the token).
 *
 * @param isAccepted whether the device accepted
 * @param url where the service side joins, when accepted
 * @param reason the device's reason, when rejected
 */
public record StreamOutcomeJson(boolean isAccepted, String url, String reason) {}
