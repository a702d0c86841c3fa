package io.devstreams.service;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * One stream request from the hub's history ({@code GET /streams/history}); times are ISO-8601 in
 * UTC as the hub sent them.
 *
 * @param time when the hub took the request
 * @param streamId the stream id, or null if no stream was opened
 * @param requestedBy the shared access policy that asked
 * @param deviceId the device asked
 * @param name the service name asked for
 * @param outcome {@code accepted}, {@code rejected}, {@code offline}, {@code timedOut}, {@code
 *     throttled}, {@code unavailable} or {@code notFound}
 * @param detail why it was not accepted, or null
 * @param pairedAt when both sides had joined, or null
 * @param endedAt when it ended or was refused
 * @param durationSeconds seconds the stream relayed
 * @param bytesFromDevice payload bytes relayed from the device
 * @param bytesFromService payload bytes relayed from the service
 * @param closeCode the close code an accepted stream ended with, or null
 * @param closeReason the reason an accepted stream ended with, or null
 */
@JsonbPropertyOrder({
  "time",
  "streamId",
  "requestedBy",
  "deviceId",
  "name",
  "outcome",
  "detail",
  "pairedAt",
  "endedAt",
  "durationSeconds",
  "bytesFromDevice",
  "bytesFromService",
  "closeCode",
  "closeReason"
})
public record StreamHistoryEntry(
    String time,
    String streamId,
    String requestedBy,
    String deviceId,
    String name,
    String outcome,
    String detail,
    String pairedAt,
    String endedAt,
    long durationSeconds,
    long bytesFromDevice,
    long bytesFromService,
    Integer closeCode,
    String closeReason) {}
