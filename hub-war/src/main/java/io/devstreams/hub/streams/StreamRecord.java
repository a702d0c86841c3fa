package io.devstreams.hub.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The audit record of one stream request: who asked for which service of which device, whether the
 * device accepted and, if so, how the stream ended and how many bytes it carried each way.
 *
 * @param streamId the stream id, or null when the request never became a stream (device offline)
 * @param requestedBy the shared access policy that asked
 * @param deviceId the device asked
 * @param streamName the service (stream) name asked for
 * @param outcome accepted, or why not
 * @param detail why not, in words (the device's own reason for a rejection); null when accepted
 * @param requestedAt when the hub took the request
 * @param pairedAt when both sides had joined, or null if they never did
 * @param endedAt when the stream ended or the request was refused
 * @param bytesFromDevice payload bytes relayed from the device
 * @param bytesFromService payload bytes relayed from the service
 * @param closeCode the WebSocket close code an accepted stream ended with, else null
 * @param closeReason the reason an accepted stream ended with, else null
 */
public record StreamRecord(
    String streamId,
    String requestedBy,
    String deviceId,
    String streamName,
    Outcome outcome,
    String detail,
    Instant requestedAt,
    Instant pairedAt,
    Instant endedAt,
    long bytesFromDevice,
    long bytesFromService,
    Integer closeCode,
    String closeReason) {

  /** Whether the device accepted the stream, or why it did not come about. */
  public enum Outcome {
    /** The device accepted; the close code and reason say how it ended. */
    ACCEPTED("accepted"),
    /** The device refused, with its reason (for example a service it does not offer). */
    REJECTED("rejected"),
    /** The device was not online (or disabled) within the connect timeout. */
    OFFLINE("offline"),
    /** The device did not answer within the response timeout. */
    TIMED_OUT("timedOut"),
    /** A hub limit refused the request. */
    THROTTLED("throttled"),
    /** The hub was shutting down. */
    UNAVAILABLE("unavailable"),
    /** No such device. */
    NOT_FOUND("notFound");

    private final String wireName;

    Outcome(String wireName) {
      this.wireName = wireName;
    }

    /** Returns the name in JSON and in the database. */
    public String wireName() {
      return wireName;
    }

    /** Returns the outcome with this wire name, or null. */
    public static Outcome fromWireName(String name) {
      for (Outcome o : values()) {
        if (o.wireName.equals(name)) {
          return o;
        }
      }
      return null;
    }
  }

  /** Checks the parts every record has. */
  public StreamRecord {
    Objects.requireNonNull(requestedBy, "requestedBy");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(streamName, "streamName");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(endedAt, "endedAt");
  }

  /** A request that never became a stream. */
  public static StreamRecord refused(
      String requestedBy,
      String deviceId,
      String streamName,
      Outcome outcome,
      String detail,
      Instant at) {
    return new StreamRecord(
        null, requestedBy, deviceId, streamName, outcome, detail, at, null, at, 0, 0, null, null);
  }

  /** Returns how long the stream relayed (zero if it never paired). */
  public Duration relayed() {
    return pairedAt == null ? Duration.ZERO : Duration.between(pairedAt, endedAt);
  }
}
