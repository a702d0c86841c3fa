package io.devstreams.service;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * A device registry entry in Azure IoT Hub's JSON shape, as the hub sends and accepts it.
 *
 * <p>Times are kept as the hub's ISO-8601 text (Azure sends {@code 0001-01-01T00:00:00Z} for
 * "never"); any member may be null when the hub omits it.
 *
 * @param deviceId the device id
 * @param generationId distinguishes devices that reused a deleted device's id
 * @param etag the entry's version, sent back in {@code If-Match} to update it
 * @param status {@code enabled} or {@code disabled}
 * @param statusReason why the device was disabled, or null
 * @param connectionState {@code Connected} or {@code Disconnected}
 * @param connectionStateUpdatedTime when the connection state last changed
 * @param lastActivityTime when the device was last active
 * @param authentication the device's credentials
 */
@JsonbPropertyOrder({
  "deviceId",
  "generationId",
  "etag",
  "status",
  "statusReason",
  "connectionState",
  "connectionStateUpdatedTime",
  "lastActivityTime",
  "authentication"
})
public record Device(
    String deviceId,
    String generationId,
    String etag,
    String status,
    String statusReason,
    String connectionState,
    String connectionStateUpdatedTime,
    String lastActivityTime,
    Authentication authentication) {

  /** Authentication type of a device with symmetric keys. */
  public static final String SAS = "sas";

  /** Returns the body that asks the hub to create {@code deviceId} with keys it generates. */
  public static Device newDevice(String deviceId) {
    return new Device(deviceId, null, null, null, null, null, null, null, null);
  }

  /** Authentication type of a device with X.509 certificates, known by their thumbprints. */
  public static final String SELF_SIGNED = "selfSigned";

  /**
   * Returns the body that asks the hub to create {@code deviceId} authenticated by the certificate
   * with {@code primaryThumbprint} (and, for rotation, {@code secondaryThumbprint}, may be null).
   */
  public static Device newX509Device(
      String deviceId, String primaryThumbprint, String secondaryThumbprint) {
    return new Device(
        deviceId,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        new Authentication(
            SELF_SIGNED, null, new X509Thumbprint(primaryThumbprint, secondaryThumbprint)));
  }

  /** Returns a copy with another status and reason. */
  public Device withStatus(DeviceStatus newStatus, String reason) {
    return new Device(
        deviceId,
        generationId,
        etag,
        newStatus.wireName(),
        reason,
        connectionState,
        connectionStateUpdatedTime,
        lastActivityTime,
        authentication);
  }

  /** Returns a copy authenticated with these symmetric keys. */
  public Device withSymmetricKeys(String primaryKey, String secondaryKey) {
    X509Thumbprint thumbprint = authentication == null ? null : authentication.x509Thumbprint();
    return new Device(
        deviceId,
        generationId,
        etag,
        status,
        statusReason,
        connectionState,
        connectionStateUpdatedTime,
        lastActivityTime,
        new Authentication(SAS, new SymmetricKey(primaryKey, secondaryKey), thumbprint));
  }

  /** Returns the primary symmetric key, or null when the device has none. */
  public String primaryKey() {
    return authentication == null || authentication.symmetricKey() == null
        ? null
        : authentication.symmetricKey().primaryKey();
  }

  /**
   * A device's credentials.
   *
   * @param type {@code sas} for symmetric keys
   * @param symmetricKey the keys, for {@code sas}
   * @param x509Thumbprint certificate thumbprints, for X.509 authentication
   */
  @JsonbPropertyOrder({"type", "symmetricKey", "x509Thumbprint"})
  public record Authentication(
      String type, SymmetricKey symmetricKey, X509Thumbprint x509Thumbprint) {}

  /**
   * A device's two symmetric keys, so that one can be rotated while the other is in use.
   *
   * @param primaryKey base64 key
   * @param secondaryKey base64 key
   */
  public record SymmetricKey(String primaryKey, String secondaryKey) {
    /** Redacts both keys. */
    @Override
    public String toString() {
      return "SymmetricKey[primaryKey=<redacted>, secondaryKey=<redacted>]";
    }
  }

  /**
   * Thumbprints of a device's X.509 certificates.
   *
   * @param primaryThumbprint hex SHA thumbprint
   * @param secondaryThumbprint hex SHA thumbprint
   */
  public record X509Thumbprint(String primaryThumbprint, String secondaryThumbprint) {}
}
