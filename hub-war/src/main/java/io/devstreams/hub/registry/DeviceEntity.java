package io.devstreams.hub.registry;

import io.devstreams.hub.auth.DeviceCredentials;
import io.devstreams.protocol.SasKeys;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** A device row; package-private so that entities never leave the registry's service layer. */
@Entity(name = "Device")
@Table(name = "DEVICES")
@NamedQuery(
    name = DeviceEntity.LIST_AFTER,
    query = "SELECT d FROM Device d WHERE d.deviceId > :after ORDER BY d.deviceId")
@NamedQuery(
    name = DeviceEntity.SET_CONNECTION_STATE,
    query =
        "UPDATE Device d SET d.connectionState = :state, d.connectionStateUpdatedTime = :time,"
            + " d.lastActivityTime = :time WHERE d.deviceId = :id")
@NamedQuery(
    name = DeviceEntity.WITH_AUTH_TYPE,
    query = "SELECT d FROM Device d WHERE d.authType = :type")
@NamedQuery(
    name = DeviceEntity.TOUCH,
    query = "UPDATE Device d SET d.lastActivityTime = :time WHERE d.deviceId = :id")
class DeviceEntity {

  /** Devices whose authentication type is {@code :type}. */
  static final String WITH_AUTH_TYPE = "Device.withAuthType";

  /** Devices with an id greater than {@code :after}, in id order. */
  static final String LIST_AFTER = "Device.listAfter";

  /**
   * Sets {@code :state} and {@code :time} on device {@code :id}; a bulk update, so neither the etag
   * nor the row version changes (connection state is not part of what clients write).
   */
  static final String SET_CONNECTION_STATE = "Device.setConnectionState";

  /** Sets the last activity of device {@code :id} to {@code :time}; a bulk update, like above. */
  static final String TOUCH = "Device.touch";

  @Id
  @Column(name = "DEVICE_ID", length = 128)
  private String deviceId;

  @Column(name = "GENERATION_ID", length = 32, nullable = false)
  private String generationId;

  @Column(name = "ETAG", length = 32, nullable = false)
  private String etag;

  @Enumerated(EnumType.STRING)
  @Column(name = "STATUS", length = 16, nullable = false)
  private DeviceStatus status;

  @Column(name = "STATUS_REASON", length = DeviceSpec.MAX_STATUS_REASON)
  private String statusReason;

  @Enumerated(EnumType.STRING)
  @Column(name = "AUTH_TYPE", length = 16, nullable = false)
  private AuthType authType;

  @Column(name = "PRIMARY_KEY", length = 100)
  private String primaryKey;

  @Column(name = "SECONDARY_KEY", length = 100)
  private String secondaryKey;

  @Column(name = "PRIMARY_THUMBPRINT", length = 128)
  private String primaryThumbprint;

  @Column(name = "SECONDARY_THUMBPRINT", length = 128)
  private String secondaryThumbprint;

  @Enumerated(EnumType.STRING)
  @Column(name = "CONNECTION_STATE", length = 16, nullable = false)
  private ConnectionState connectionState;

  @Column(name = "CONNECTION_STATE_UPDATED")
  private OffsetDateTime connectionStateUpdatedTime;

  @Column(name = "LAST_ACTIVITY")
  private OffsetDateTime lastActivityTime;

  @Version
  @Column(name = "ROW_VERSION", nullable = false)
  private long version;

  /** For JPA. */
  protected DeviceEntity() {}

  /** A new disconnected device; keys the spec leaves out are generated with SecureRandom. */
  static DeviceEntity create(DeviceSpec spec, String generationId, String etag) {
    DeviceEntity device = new DeviceEntity();
    device.deviceId = spec.deviceId();
    device.generationId = generationId;
    device.connectionState = ConnectionState.DISCONNECTED;
    device.primaryKey = SasKeys.generate();
    device.secondaryKey = SasKeys.generate();
    device.apply(spec, etag);
    return device;
  }

  /** Writes the spec over this device; keys the spec leaves out stay as they are. */
  void apply(DeviceSpec spec, String newEtag) {
    etag = newEtag;
    status = spec.status();
    statusReason = spec.statusReason();
    authType = spec.authType();
    if (spec.primaryKey() != null) {
      primaryKey = spec.primaryKey();
    }
    if (spec.secondaryKey() != null) {
      secondaryKey = spec.secondaryKey();
    }
    primaryThumbprint = spec.primaryThumbprint();
    secondaryThumbprint = spec.secondaryThumbprint();
  }

  String etag() {
    return etag;
  }

  DeviceView toView() {
    return new DeviceView(
        deviceId,
        generationId,
        etag,
        status,
        statusReason,
        authType,
        primaryKey,
        secondaryKey,
        primaryThumbprint,
        secondaryThumbprint,
        connectionState,
        connectionStateUpdatedTime,
        lastActivityTime);
  }

  DeviceCredentials toCredentials() {
    boolean sas = authType == AuthType.SAS;
    return new DeviceCredentials(
        deviceId,
        status == DeviceStatus.ENABLED,
        sas ? primaryKey : null,
        sas ? secondaryKey : null,
        authType == AuthType.SELF_SIGNED ? thumbprints() : List.of());
  }

  /** The device's certificate thumbprints (none for a {@code sas} device). */
  List<String> thumbprints() {
    return Stream.of(primaryThumbprint, secondaryThumbprint).filter(Objects::nonNull).toList();
  }
}
