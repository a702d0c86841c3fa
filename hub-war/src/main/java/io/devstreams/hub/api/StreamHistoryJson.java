package io.devstreams.hub.api;

import io.devstreams.hub.streams.StreamRecord;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/**
 * One stream request as {@code GET /streams/history} shows it; times are ISO-8601 in UTC.
 *
 * @param time when the hub took the request
 * @param streamId the stream id, or null if no stream was opened
 * @param requestedBy the shared access policy that asked
 * @param deviceId the device asked
 * @param name the service name asked for
 * @param outcome {@code accepted}, {@code rejected}, {@code offline}, {@code timedOut}, {@code
 *     throttled}, {@code unavailable} or {@code notFound}
 * @param detail why it was not accepted (the device's reason for {@code rejected}), or null
 * @param pairedAt when both sides had joined, or null
 * @param endedAt when the stream ended or the request was refused
 * @param durationSeconds seconds the stream relayed (0 if never paired)
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
public record StreamHistoryJson(
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
    String closeReason) {

  /** Maps a stream record to its JSON form. */
  public static StreamHistoryJson from(StreamRecord r) {
    return new StreamHistoryJson(
        text(r.requestedAt()),
        r.streamId(),
        r.requestedBy(),
        r.deviceId(),
        r.streamName(),
        r.outcome().wireName(),
        r.detail(),
        text(r.pairedAt()),
        text(r.endedAt()),
        r.relayed().toSeconds(),
        r.bytesFromDevice(),
        r.bytesFromService(),
        r.closeCode(),
        r.closeReason());
  }

  private static String text(Instant time) {
    return time == null ? null : time.toString();
  }
}
