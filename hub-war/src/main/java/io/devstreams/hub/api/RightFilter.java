package io.devstreams.hub.api;

import io.devstreams.hub.auth.Principal;
import io.devstreams.hub.auth.Right;
import io.devstreams.hub.errors.HubException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/** Refuses a request whose authenticated principal lacks the resource method's right (403). */
final class RightFilter implements ContainerRequestFilter {

  private final Right required;

  /** Creates the filter; a null right refuses everyone. */
  RightFilter(Right required) {
    this.required = required;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (!(request.getSecurityContext().getUserPrincipal() instanceof Principal principal)) {
      throw HubException.unauthorized();
    }
    if (required == null) {
      throw HubException.forbidden("this operation is not open to any policy");
    }
    if (!principal.has(required)) {
      throw HubException.forbidden(
          "policy '" + principal.name() + "' does not grant " + required.wireName());
    }
  }
}
