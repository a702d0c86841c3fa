package io.devstreams.service;

import java.util.OptionalInt;

/** The hub has no device with the requested id (or none the caller may see): a 404001. */
public final class DeviceNotFoundException extends HubException {

  private static final long serialVersionUID = 1L;

  private final String deviceId;

  /** Wraps the hub's 404 answer for {@code deviceId}. */
  public DeviceNotFoundException(String deviceId, HubException answer) {
    super(answer.status(), answer.errorCode(), answer.getMessage());
    this.deviceId = deviceId;
  }

  /** Creates the exception without an answer from the hub, for example in tests. */
  public DeviceNotFoundException(String deviceId) {
    super(404, OptionalInt.of(404001), "no device '" + deviceId + "'");
    this.deviceId = deviceId;
  }

  /** Returns the id that was not found. */
  public String deviceId() {
    return deviceId;
  }
}
