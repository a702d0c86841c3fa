package io.devstreams.service;

import java.net.URI;
import java.util.Objects;

/**
 * A stream the device accepted: where the service side joins it and with which single-use token
 * ({@code iothub-streaming-url} and {@code iothub-streaming-auth-token}). Open it with {@link
 * ServiceClient#openStream} before the hub's handshake deadline.
 *
 * @param deviceId the device that accepted
 * @param serviceName the stream name, which chose the service on the device
 * @param url the stream's {@code wss://HOST/streams/{id}} URL
 * @param authToken the service side's single-use bearer token; never printed
 */
public record StreamGrant(String deviceId, String serviceName, URI url, String authToken) {

  /** Checks that every part is present. */
  public StreamGrant {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(authToken, "authToken");
  }

  /** Returns the stream id, the last segment of the URL's path. */
  public String streamId() {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** Describes the grant with the token redacted. */
  @Override
  public String toString() {
    return "StreamGrant[deviceId="
        + deviceId
        + ", serviceName="
        + serviceName
        + ", url="
        + url
        + ", authToken=<redacted>]";
  }
}
