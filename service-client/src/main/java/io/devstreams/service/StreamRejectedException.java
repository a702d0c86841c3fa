package io.devstreams.service;

/**
 * The device answered the stream request with no ({@code iothub-streaming-is-accepted: False}); the
 * message carries the device's own reason, for example {@code no service named 'x' on this device}.
 */
public final class StreamRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String deviceId;
  private final String serviceName;
  private final String reason;

  /** Creates the exception; a null or blank reason means the device gave none. */
  public StreamRejectedException(String deviceId, String serviceName, String reason) {
    super(message(deviceId, reason));
    this.deviceId = deviceId;
    this.serviceName = serviceName;
    this.reason = reason == null ? "" : reason.strip();
  }

  /** Returns the device that said no. */
  public String deviceId() {
    return deviceId;
  }

  /** Returns the stream name that was asked for. */
  public String serviceName() {
    return serviceName;
  }

  /** Returns the device's reason, empty if it gave none. */
  public String reason() {
    return reason;
  }

  private static String message(String deviceId, String reason) {
    String prefix = "device " + deviceId + " rejected the stream";
    return reason == null || reason.isBlank()
        ? prefix + " (no reason given)"
        : prefix + ": " + reason.strip();
  }
}
