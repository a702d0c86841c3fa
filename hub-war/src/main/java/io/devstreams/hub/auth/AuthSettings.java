package io.devstreams.hub.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings authentication needs, handed in by the hub's configuration.
 *
 * @param publicHost the hub's public {@code host[:port]}, the resource of policy tokens
 * @param maxTokenLifetime tokens that expire further ahead than this are refused
 */
public record AuthSettings(String publicHost, Duration maxTokenLifetime) {

  /** Checks that the host is set and the lifetime positive. */
  public AuthSettings {
    Objects.requireNonNull(publicHost, "publicHost");
    Objects.requireNonNull(maxTokenLifetime, "maxTokenLifetime");
    if (publicHost.isBlank()) {
      throw new IllegalArgumentException("public host is empty");
    }
    if (maxTokenLifetime.isNegative() || maxTokenLifetime.isZero()) {
      throw new IllegalArgumentException("maximum token lifetime must be positive");
    }
  }
}
