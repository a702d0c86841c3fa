package io.devstreams.hub.control;

import java.util.Objects;

/**
 * A device's answer to a stream request: accepted, with the URL and the service side's token, or
 * rejected, with the device's reason.
 *
 * @param accepted whether the device accepted
 * @param url the stream's {@code wss://} URL when accepted, else null
 * @param serviceToken the service side's single-use bearer token when accepted, else null
 * @param reason the device's reason when rejected (may be empty), else null
 */
public record StreamOutcome(boolean accepted, String url, String serviceToken, String reason) {

  /** Checks that an accepted outcome has a URL and token and a rejected one has neither. */
  public StreamOutcome {
    if (accepted) {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(serviceToken, "serviceToken");
    } else if (url != null || serviceToken != null) {
      throw new IllegalArgumentException("a rejected stream has no url or token");
    }
  }

  /** The device accepted: here is where the service side joins. */
  public static StreamOutcome accepted(String url, String serviceToken) {
    return new StreamOutcome(true, url, serviceToken, null);
  }

  /** The device said no, for {@code reason}. */
  public static StreamOutcome rejected(String reason) {
    return new StreamOutcome(false, null, null, reason == null ? "" : reason);
  }

  @Override
  public String toString() {
    return accepted
        ? "StreamOutcome[accepted " + url + "]"
        : "StreamOutcome[rejected: " + reason + "]";
  }
}
