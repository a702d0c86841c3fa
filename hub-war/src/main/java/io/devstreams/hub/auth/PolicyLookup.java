package io.devstreams.hub.auth;

import java.util.Optional;

/** Port through which authentication finds a shared access policy; the registry implements it. */
public interface PolicyLookup {

  /** Returns the policy with this exact name, or empty. */
  Optional<PolicyCredentials> findPolicy(String name);
}
