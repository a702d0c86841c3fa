package io.devstreams.service;

import io.devstreams.protocol.DeviceIds;
import io.devstreams.protocol.Headers;
import io.devstreams.protocol.SasKeys;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hub's device registry over its Azure-shaped REST API: create, read, list, enable or disable,
 * delete devices and rotate their keys.
 *
 * <p>Updates read the device first and write it back with {@code If-Match} on its etag, so a
 * concurrent change makes the hub answer 412 instead of being overwritten. Every method throws
 * {@link IllegalArgumentException} for an invalid device id (before sending anything), {@link
 * DeviceNotFoundException} for an unknown device, {@link HubException} for other errors the hub
 * answers and {@link HubConnectionException} when the hub cannot be talked to.
 */
public final class RegistryClient {

  /** Header carrying the paging cursor, in answers and in the request for the next page. */
  public static final String CONTINUATION = "x-ms-continuation";

  /** Devices asked for per page of {@link #list()}. */
  public static final int PAGE_SIZE = 1000;

  private static final String JSON = "application/json";

  private final HubConnection hub;

  /** Creates a client that sends its requests through {@code hub}. */
  public RegistryClient(HubConnection hub) {
    this.hub = Objects.requireNonNull(hub, "hub");
  }

  /** Returns the connection this client uses. */
  public HubConnection hub() {
    return hub;
  }

  /** Creates a device; the hub generates its keys. A device with this id already is a 409. */
  public Device create(String deviceId) {
    HttpRequest request =
        hub.request(path(deviceId))
            .header("Content-Type", JSON)
            .PUT(BodyPublishers.ofString(Json.write(Device.newDevice(deviceId))))
            .build();
    return hub.readBody(hub.send(request, null), Device.class);
  }

  /**
   * Creates a device that authenticates with an X.509 certificate, known by its SHA-256 thumbprint
   * (see {@link io.devstreams.protocol.Thumbprints}); a device with this id already is a 409.
   *
   * @param secondaryThumbprint a second certificate's, for rotation, or null
   * @return the device and the hub's device-certificate listener it connects to
   */
  public X509Device createX509(
      String deviceId, String primaryThumbprint, String secondaryThumbprint) {
    HttpRequest request =
        hub.request(path(deviceId))
            .header("Content-Type", JSON)
            .PUT(
                BodyPublishers.ofString(
                    Json.write(
                        Device.newX509Device(deviceId, primaryThumbprint, secondaryThumbprint))))
            .build();
    HttpResponse<String> response = hub.send(request, null);
    Device device = hub.readBody(response, Device.class);
    return new X509Device(
        device, response.headers().firstValue(Headers.DEVICE_CERT_HOST).orElse(null));
  }

  /** Returns a device with its keys. */
  public Device get(String deviceId) {
    HttpRequest request = hub.request(path(deviceId)).GET().build();
    return hub.readBody(hub.send(request, deviceId), Device.class);
  }

  /** Returns every device, following the hub's continuation header from page to page. */
  public List<Device> list() {
    List<Device> devices = new ArrayList<>();
    String continuation = null;
    do {
      HttpRequest.Builder request = hub.request("/devices?top=" + PAGE_SIZE).GET();
      if (continuation != null) {
        request.header(CONTINUATION, continuation);
      }
      HttpResponse<String> response = hub.send(request.build(), null);
      devices.addAll(Arrays.asList(hub.<Device[]>readBody(response, Device[].class)));
      String next =
          response.headers().firstValue(CONTINUATION).filter(s -> !s.isBlank()).orElse(null);
      if (next != null && next.equals(continuation)) {
        throw badResponse("the hub sent the same continuation twice while listing devices");
      }
      continuation = next;
    } while (continuation != null);
    return devices;
  }

  /** Enables or disables a device; {@code reason} (may be null) becomes its status reason. */
  public Device setStatus(String deviceId, DeviceStatus status, String reason) {
    Objects.requireNonNull(status, "status");
    return update(get(deviceId).withStatus(status, reason));
  }

  /**
   * Replaces the device's primary key with a new random one and keeps the old primary as the
   * secondary, so a device still using it can connect until it has the new one.
   */
  public Device rotateKey(String deviceId) {
    Device device = get(deviceId);
    return update(device.withSymmetricKeys(SasKeys.generate(), device.primaryKey()));
  }

  /** Deletes a device whatever its etag. */
  public void delete(String deviceId) {
    HttpRequest request =
        hub.request(path(deviceId)).header(Headers.IF_MATCH, "*").DELETE().build();
    hub.send(request, deviceId);
  }

  private Device update(Device device) {
    String etag =
        Optional.ofNullable(device.etag())
            .filter(s -> !s.isBlank())
            .orElseThrow(
                () ->
                    badResponse("the hub sent device '" + device.deviceId() + "' without an etag"));
    HttpRequest request =
        hub.request(path(device.deviceId()))
            .header("Content-Type", JSON)
            .header(Headers.IF_MATCH, etag.startsWith("\"") ? etag : "\"" + etag + "\"")
            .PUT(BodyPublishers.ofString(Json.write(device)))
            .build();
    return hub.readBody(hub.send(request, device.deviceId()), Device.class);
  }

  private HubConnectionException badResponse(String message) {
    return new HubConnectionException(
        HubConnectionException.Reason.BAD_RESPONSE, hub.baseUri(), message, null);
  }

  private static String path(String deviceId) {
    DeviceIds.validate(deviceId);
    return "/devices/" + PathSegments.encode(deviceId);
  }
}
