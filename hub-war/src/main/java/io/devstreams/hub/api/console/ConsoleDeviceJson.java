package io.devstreams.hub.api.console;

import io.devstreams.hub.registry.DeviceView;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A device as the console lists it: its state, never its keys.
 *
 * @param deviceId the device id
 * @param status {@code enabled} or {@code disabled}
 * @param statusReason free text, or null
 * @param authType {@code sas} or {@code selfSigned}
 * @param connectionState {@code Connected} or {@code Disconnected}
 * @param connectionStateUpdatedTime ISO-8601 UTC, or null if never
 * @param lastActivityTime ISO-8601 UTC, or null if never
 * @param etag the current etag, for the next change's {@code If-Match}
 */
public record ConsoleDeviceJson(
    String deviceId,
    String status,
    String statusReason,
    String authType,
    String connectionState,
    String connectionStateUpdatedTime,
    String lastActivityTime,
    String etag) {

  static ConsoleDeviceJson from(DeviceView d) {
    return new ConsoleDeviceJson(
        d.deviceId(),
        d.status().wireName(),
        d.statusReason(),
        d.authType().wireName(),
        d.connectionState().wireName(),
        time(d.connectionStateUpdatedTime()),
        time(d.lastActivityTime()),
        d.etag());
  }

  private static String time(OffsetDateTime time) {
    return time == null ? null : DateTimeFormatter.ISO_INSTANT.format(time);
  }
}
