package io.devstreams.hub.registry;

import java.time.OffsetDateTime;

/**
 * A device as the registry shows it, detached from persistence.
 *
 * @param deviceId the device id
 * @param generationId random per incarnation: a device deleted and created again gets a new one
 * @param etag changes on every write through the registry API
 * @param status enabled or disabled
 * @param statusReason free text, or null
 * @param authType how the device authenticates
 * @param primaryKey the primary symmetric key in base64, or null
 * @param secondaryKey the secondary symmetric key in base64, or null
 * @param primaryThumbprint the primary X.509 thumbprint, or null (reserved)
 * @param secondaryThumbprint the secondary X.509 thumbprint, or null (reserved)
 * @param connectionState whether the control channel is open
 * @param connectionStateUpdatedTime when the connection state last changed, or null if never
 * @param lastActivityTime when the device was last active, or null if never
 */
public record DeviceView(
    String deviceId,
    String generationId,
    String etag,
    DeviceStatus status,
    String statusReason,
    AuthType authType,
    String primaryKey,
    String secondaryKey,
    String primaryThumbprint,
    String secondaryThumbprint,
    ConnectionState connectionState,
    OffsetDateTime connectionStateUpdatedTime,
    OffsetDateTime lastActivityTime) {

  /** Describes the device with its keys redacted. */
  @Override
  public String toString() {
    return "DeviceView[deviceId="
        + deviceId
        + ", etag="
        + etag
        + ", status="
        + status
        + ", connectionState="
        + connectionState
        + ", keys=<redacted>]";
  }
}
