package io.devstreams.hub.api;

import io.devstreams.hub.registry.DeviceView;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * A device as a device query returns it: the identity part of Azure's device twin. devstreams has
 * no twin properties or tags, so those members are absent, and so are the keys (a twin never
 * carries them).
 *
 * @param deviceId the device id
 * @param deviceEtag the device's etag (Azure's name for the identity's etag in a twin)
 * @param status {@code enabled} or {@code disabled}
 * @param statusReason free text, or null
 * @param connectionState {@code Connected} or {@code Disconnected}
 * @param connectionStateUpdatedTime ISO-8601 UTC, or {@value DeviceJson#NEVER}
 * @param lastActivityTime ISO-8601 UTC, or {@value DeviceJson#NEVER}
 * @param cloudToDeviceMessageCount always 0: devstreams has no cloud-to-device messages
 * @param authenticationType {@code sas} or {@code selfSigned}
 * @param x509Thumbprint the thumbprints of a {@code selfSigned} device
 */
@JsonbNillable
@JsonbPropertyOrder({
  "deviceId",
  "deviceEtag",
  "status",
  "statusReason",
  "connectionState",
  "connectionStateUpdatedTime",
  "lastActivityTime",
  "cloudToDeviceMessageCount",
  "authenticationType",
  "x509Thumbprint"
})
public record TwinJson(
    String deviceId,
    String deviceEtag,
    String status,
    String statusReason,
    String connectionState,
    String connectionStateUpdatedTime,
    String lastActivityTime,
    int cloudToDeviceMessageCount,
    String authenticationType,
    DeviceJson.X509Thumbprint x509Thumbprint) {

  /** Maps a registry view to its twin form. */
  public static TwinJson from(DeviceView device) {
    DeviceJson identity = DeviceJson.from(device);
    return new TwinJson(
        identity.deviceId(),
        identity.etag(),
        identity.status(),
        identity.statusReason(),
        identity.connectionState(),
        identity.connectionStateUpdatedTime(),
        identity.lastActivityTime(),
        0,
        identity.authentication().type(),
        identity.authentication().x509Thumbprint());
  }
}
