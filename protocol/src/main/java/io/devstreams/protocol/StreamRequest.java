package io.devstreams.protocol;

import java.util.Objects;

/**
 * Hub to device: a service asks for a stream named {@code name}; the device answers with a {@link
 * StreamResponse} carrying the same request id and, if it accepts, joins {@code url} with {@code
 * authorizationToken} as its bearer token.
 *
 * @param requestId the hub's id for this request: 1-128 letters, digits, {@code - _ .}
 * @param name the stream name, which picks the service on the device (see {@link StreamNames})
 * @param url the stream's {@code ws://} or {@code wss://} URL on the streaming endpoint
 * @param authorizationToken the device side's single-use bearer token; never in {@link #toString()}
 */
public record StreamRequest(String requestId, String name, String url, String authorizationToken)
    implements ControlMessage {

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the missing or bad field
   */
  public StreamRequest {
    StreamResponse.checkRequestId(requestId);
    StreamNames.validate(name);
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("ws://") && !url.startsWith("wss://")) {
      throw new IllegalArgumentException("stream request url is not a ws:// or wss:// URL");
    }
    if (authorizationToken == null || authorizationToken.isEmpty()) {
      throw new IllegalArgumentException("stream request has no authorizationToken");
    }
  }

  /** Describes the request with the token redacted. */
  @Override
  public String toString() {
    return "StreamRequest[requestId="
        + requestId
        + ", name="
        + name
        + ", url="
        + url
        + ", authorizationToken=<redacted>]";
  }
}
