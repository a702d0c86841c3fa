package io.devstreams.hub.console;

import java.time.Instant;
import java.util.Objects;

/**
 * One sign-in to the console, as the hub keeps it: never the policy key, only its digest, and never
 * the session's cookie value, only its digest (the key of the session table).
 *
 * @param policy the shared access policy signed in with
 * @param keyDigest the SHA-256 of the key signed in with, to notice a rotated key
 * @param csrfToken the token every change must carry in {@code X-CSRF-Token}
 * @param createdAt when the sign-in happened
 * @param expiresAt when the session ends
 */
public record ConsoleSession(
    String policy, byte[] keyDigest, String csrfToken, Instant createdAt, Instant expiresAt) {

  /** Checks the parts. */
  public ConsoleSession {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(keyDigest, "keyDigest");
    Objects.requireNonNull(csrfToken, "csrfToken");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Returns whether the session has ended by {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** Describes the session without its secrets. */
  @Override
  public String toString() {
    return "ConsoleSession[policy=" + policy + ", expiresAt=" + expiresAt + "]";
  }
}
