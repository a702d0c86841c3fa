package io.devstreams.hub.api;

import io.devstreams.hub.auth.Principal;
import io.devstreams.hub.auth.Right;
import jakarta.ws.rs.core.SecurityContext;

/**
 * The JAX-RS view of an authenticated request; roles are Azure's right names.
 *
 * @param principal who authenticated
 * @param secure whether the request came over TLS
 */
record HubSecurityContext(Principal principal, boolean secure) implements SecurityContext {

  /** The scheme name, as in the {@code Authorization} header. */
  static final String SCHEME = "SharedAccessSignature";

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public boolean isUserInRole(String role) {
    return Right.fromWireName(role).map(principal::has).orElse(false);
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String getAuthenticationScheme() {
    return SCHEME;
  }
}
