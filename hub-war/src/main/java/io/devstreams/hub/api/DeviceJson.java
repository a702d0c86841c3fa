package io.devstreams.hub.api;

import io.devstreams.hub.registry.DeviceView;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * A device in Azure IoT Hub's JSON shape, as {@code GET /devices/{id}} returns it.
 *
 * <p>Times that never happened are {@value #NEVER}, as Azure sends them: its SDKs read them into
 * non-nullable date types.
 *
 * @param deviceId the device id
 * @param generationId random per incarnation of the id
 * @param etag the current etag, also sent as the {@code ETag} header
 * @param status {@code enabled} or {@code disabled}
 * @param statusReason free text, or null
 * @param connectionState {@code Connected} or {@code Disconnected}
 * @param connectionStateUpdatedTime ISO-8601 UTC
 * @param statusUpdatedTime always {@value #NEVER}: the hub does not record when the status changed,
 *     and Azure's Java SDK needs the member to send the device back
 * @param lastActivityTime ISO-8601 UTC
 * @param cloudToDeviceMessageCount always 0: devstreams has no cloud-to-device messages
 * @param authentication the device's credentials
 */
@JsonbNillable
@JsonbPropertyOrder({
  "deviceId",
  "generationId",
  "etag",
  "status",
  "statusReason",
  "connectionState",
  "connectionStateUpdatedTime",
  "statusUpdatedTime",
  "lastActivityTime",
  "cloudToDeviceMessageCount",
  "authentication"
})
public record DeviceJson(
    String deviceId,
    String generationId,
    String etag,
    String status,
    String statusReason,
    String connectionState,
    String connectionStateUpdatedTime,
    String statusUpdatedTime,
    String lastActivityTime,
    int cloudToDeviceMessageCount,
    Authentication authentication) {

  /** How Azure writes a time that never happened. */
  public static final String NEVER = "0001-01-01T00:00:00Z";

  /** Maps a registry view to its JSON form. */
  public static DeviceJson from(DeviceView device) {
    return new DeviceJson(
        device.deviceId(),
        device.generationId(),
        device.etag(),
        device.status().wireName(),
        device.statusReason(),
        device.connectionState().wireName(),
        time(device.connectionStateUpdatedTime()),
        NEVER,
        time(device.lastActivityTime()),
        0,
        new Authentication(
            device.authType().wireName(),
            new SymmetricKey(device.primaryKey(), device.secondaryKey()),
            new X509Thumbprint(device.primaryThumbprint(), device.secondaryThumbprint())));
  }

  private static String time(OffsetDateTime time) {
    return time == null ? NEVER : DateTimeFormatter.ISO_INSTANT.format(time);
  }

  /**
   * The device's credentials.
   *
   * @param type {@code sas}, {@code selfSigned} or {@code none}
   * @param symmetricKey the keys for {@code sas}
   * @param x509Thumbprint the thumbprints for {@code selfSigned}
   */
  @JsonbNillable
  @JsonbPropertyOrder({"type", "symmetricKey", "x509Thumbprint"})
  public record Authentication(
      String type, SymmetricKey symmetricKey, X509Thumbprint x509Thumbprint) {}

  /**
   * The two symmetric keys, in base64.
   *
   * @param primaryKey the primary key
   * @param secondaryKey the secondary key
   */
  @JsonbNillable
  @JsonbPropertyOrder({"primaryKey", "secondaryKey"})
  public record SymmetricKey(String primaryKey, String secondaryKey) {

    /** Describes the keys without showing them. */
    @Override
    public String toString() {
      return "SymmetricKey[<redacted>]";
    }
  }

  /**
   * The two X.509 thumbprints.
   *
   * @param primaryThumbprint the primary thumbprint
   * @param secondaryThumbprint the secondary thumbprint
   */
  @JsonbNillable
  @JsonbPropertyOrder({"primaryThumbprint", "secondaryThumbprint"})
  public record X509Thumbprint(String primaryThumbprint, String secondaryThumbprint) {}
}
