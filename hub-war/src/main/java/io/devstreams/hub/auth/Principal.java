package io.devstreams.hub.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Who made an authenticated request: a shared access policy or a device, with the rights it holds.
 *
 * <p>It implements {@link java.security.Principal} so that adapters can hand it to their container
 * (a JAX-RS security context, a WebSocket session) unchanged.
 *
 * @param name the policy name or the device id
 * @param kind whether a policy or a device authenticated
 * @param rights what the principal may do; copied, never null
 */
public record Principal(String name, Kind kind, Set<Right> rights)
    implements java.security.Principal {

  /** What kind of credential authenticated. */
  public enum Kind {
    /** A shared access policy (service side). */
    POLICY,
    /** A device with its own key. */
    DEVICE
  }

  /** Checks the parts and copies the rights. */
  public Principal {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    rights = Set.copyOf(rights);
  }

  /** Returns whether the principal holds the right. */
  public boolean has(Right right) {
    return rights.contains(right);
  }

  @Override
  public String getName() {
    return name;
  }
}
