package io.devstreams.hub.api;

import io.devstreams.hub.auth.Principal;
import io.devstreams.hub.auth.SasAuthenticator;
import io.devstreams.protocol.Headers;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Authenticates every request with a shared access policy token before it is matched to a resource,
 * so that an unknown path without a valid token is a 401, not a 404 (no enumeration).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AuthenticationFilter implements ContainerRequestFilter {

  @Inject SasAuthenticator authenticator;

  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    Principal principal =
        authenticator.authenticateService(
            request.getHeaders().get(Headers.AUTHORIZATION), remoteAddress());
    request.setSecurityContext(
        new HubSecurityContext(principal, request.getSecurityContext().isSecure()));
  }

  private String remoteAddress() {
    try {
      return servletRequest.getRemoteAddr();
    } catch (IllegalStateException e) {
      return "unknown";
    }
  }
}
