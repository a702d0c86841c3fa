package io.devstreams.protocol.mux;

import io.devstreams.protocol.JsonMembers;
import java.util.Map;

/**
 * A service's {@code OPEN}: a stream to service {@code name} of device {@code deviceId}.
 *
 * @param deviceId the device, as in {@code POST /twins/{id}/streams/{name}}
 * @param name the device's service
 * @param window the stream window the service grants (bytes the hub may send before a {@code
 *     WINDOW})
 * @param connectTimeoutSeconds how long the hub waits for an offline device to come online
 * @param responseTimeoutSeconds how long a connected device has to answer
 */
public record OpenRequest(
    String deviceId,
    String name,
    long window,
    long connectTimeoutSeconds,
    long responseTimeoutSeconds) {

  /** The response timeout when the service names none, as for the REST call. */
  public static final long DEFAULT_RESPONSE_TIMEOUT_SECONDS = 30;

  /** The longest either timeout may be. */
  public static final long MAX_TIMEOUT_SECONDS = 300;

  /** Checks every member. */
  public OpenRequest {
    if (deviceId == null || deviceId.isEmpty()) {
      throw new IllegalArgumentException("OPEN has no device id");
    }
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("OPEN has no service name");
    }
    checkWindow(window);
    if (connectTimeoutSeconds < 0 || connectTimeoutSeconds > MAX_TIMEOUT_SECONDS) {
      throw new IllegalArgumentException("OPEN connect timeout out of range (0 to 300 s)");
    }
    if (responseTimeoutSeconds < 1 || responseTimeoutSeconds > MAX_TIMEOUT_SECONDS) {
      throw new IllegalArgumentException("OPEN response timeout out of range (1 to 300 s)");
    }
  }

  /** Returns the payload of the {@code OPEN} frame. */
  public byte[] toJson() {
    Map<String, Object> m = JsonMembers.builder();
    m.put("deviceId", deviceId);
    m.put("name", name);
    m.put("window", window);
    m.put("connectTimeoutSeconds", connectTimeoutSeconds);
    m.put("responseTimeoutSeconds", responseTimeoutSeconds);
    return JsonMembers.write(m);
  }

  /**
   * Reads an {@code OPEN} payload from a service; a missing window means {@code defaultWindow}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static OpenRequest parse(byte[] src, int at, int length, long defaultWindow) {
    JsonMembers m = JsonMembers.parse("OPEN payload", src, at, length);
    return new OpenRequest(
        m.string("deviceId"),
        m.string("name"),
        m.integer("window", 1, MuxFrames.MAX_WINDOW, defaultWindow),
        m.integer("connectTimeoutSeconds", 0, MAX_TIMEOUT_SECONDS, 0),
        m.integer(
            "responseTimeoutSeconds", 1, MAX_TIMEOUT_SECONDS, DEFAULT_RESPONSE_TIMEOUT_SECONDS));
  }

  static void checkWindow(long window) {
    if (window < 1 || window > MuxFrames.MAX_WINDOW) {
      throw new IllegalArgumentException("window out of range (1 to " + MuxFrames.MAX_WINDOW + ")");
    }
  }
}
