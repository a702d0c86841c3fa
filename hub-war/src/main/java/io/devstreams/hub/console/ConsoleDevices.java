package io.devstreams.hub.console;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.registry.AuthType;
import io.devstreams.hub.registry.DeviceRegistry;
import io.devstreams.hub.registry.DeviceSpec;
import io.devstreams.hub.registry.DeviceStatus;
import io.devstreams.hub.registry.DeviceView;
import io.devstreams.hub.registry.IfMatch;
import io.devstreams.hub.settings.HubSettings;
import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.SasKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The device operations of the console, each one call of the {@link DeviceRegistry} the REST API
 * uses, so that the registry's rules (ids, etags, keys) hold alike. A device's keys leave the hub
 * only in the connection string shown once, after a create or a key rotation.
 */
@ApplicationScoped
public class ConsoleDevices {

  @Inject DeviceRegistry registry;
  @Inject HubSettings settings;

  /**
   * Creates an enabled device with new keys.
   *
   * @throws HubException BAD_REQUEST for an id Azure forbids, CONFLICT if it exists
   */
  public KeyedDevice create(String deviceId) {
    DeviceView device =
        registry.create(
            new DeviceSpec(deviceId, DeviceStatus.ENABLED, null, AuthType.SAS, null, null));
    return keyed(device);
  }

  /**
   * Enables or disables a device whose etag is still {@code etag} (any, when null).
   *
   * @throws HubException NOT_FOUND, or PRECONDITION_FAILED if it changed meanwhile
   */
  public DeviceView setStatus(String deviceId, DeviceStatus status, String etag) {
    DeviceView device = registry.get(deviceId);
    return registry.update(
        new DeviceSpec(
            deviceId,
            status,
            device.statusReason(),
            device.authType(),
            null,
            null,
            device.primaryThumbprint(),
            device.secondaryThumbprint()),
        condition(etag));
  }

  /**
   * Gives a key device two new keys; the old ones stop working at once (its agent needs the new
   * connection string).
   *
   * @throws HubException BAD_REQUEST for a certificate device, NOT_FOUND, or PRECONDITION_FAILED
   */
  public KeyedDevice rotateKeys(String deviceId, String etag) {
    DeviceView device = registry.get(deviceId);
    if (device.authType() != AuthType.SAS) {
      throw HubException.badRequest(
          "device '" + deviceId + "' authenticates with a certificate: it has no keys to rotate");
    }
    DeviceView rotated =
        registry.update(
            new DeviceSpec(
                deviceId,
                device.status(),
                device.statusReason(),
                AuthType.SAS,
                SasKeys.generate(),
                SasKeys.generate()),
            condition(etag));
    return keyed(rotated);
  }

  /**
   * Deletes a device whose etag is still {@code etag} (any, when null).
   *
   * @throws HubException NOT_FOUND, or PRECONDITION_FAILED if it changed meanwhile
   */
  public void delete(String deviceId, String etag) {
    registry.delete(deviceId, condition(etag));
  }

  private KeyedDevice keyed(DeviceView device) {
    return new KeyedDevice(
        device,
        ConnectionString.forDevice(settings.publicHost(), device.deviceId(), device.primaryKey())
            .format());
  }

  private static IfMatch condition(String etag) {
    return etag == null || etag.isBlank() ? IfMatch.ANY : IfMatch.parse(etag);
  }

  /**
   * A device with the connection string of its primary key, shown once.
   *
   * @param device the device
   * @param connectionString {@code HostName=...;DeviceId=...;SharedAccessKey=...}
   */
  public record KeyedDevice(DeviceView device, String connectionString) {

    /** Describes the device without its connection string. */
    @Override
    public String toString() {
      return "KeyedDevice[" + device + ", connectionString=<redacted>]";
    }
  }
}
