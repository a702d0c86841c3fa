package io.devstreams.hub.auth;

import java.util.Objects;
import java.util.Set;

/**
 * A shared access policy as authentication sees it: its name, its two keys and its rights.
 *
 * @param name the policy name, the {@code skn} of its tokens
 * @param primaryKey the primary key in base64
 * @param secondaryKey the secondary key in base64
 * @param rights the rights its tokens grant
 */
public record PolicyCredentials(
    String name, String primaryKey, String secondaryKey, Set<Right> rights) {

  /** Checks the parts and copies the rights. */
  public PolicyCredentials {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(primaryKey, "primaryKey");
    Objects.requireNonNull(secondaryKey, "secondaryKey");
    rights = Set.copyOf(rights);
  }

  /** Describes the policy with its keys redacted. */
  @Override
  public String toString() {
    return "PolicyCredentials[name=" + name + ", keys=<redacted>, rights=" + rights + "]";
  }
}
