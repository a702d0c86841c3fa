package io.devstreams.hub.api;

import io.devstreams.hub.auth.Principal;
import io.devstreams.hub.auth.SasAuthenticator;
import io.devstreams.hub.console.ConsoleSessions;
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
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.ext.Provider;

/**
 * Authenticates every request with a shared access policy token before it is matched to a resource,
 * so that an unknown path without a valid token is a 401, not a 404 (no enumeration).
 *
 * <p>The web console's API ({@value ConsoleSessions#API_PATH}...) takes the console's session
 * cookie instead, and only that, with its CSRF token on every change; every other path takes only a
 * token. Either way the request gets the policy's principal, so the rights filter treats both
 * alike.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AuthenticationFilter implements ContainerRequestFilter {

  @Inject SasAuthenticator authenticator;

  @Inject ConsoleSessions consoleSessions;

  @Context HttpServletRequest servletRequest;

  @Override
  public void filter(ContainerRequestContext request) {
    Principal principal =
        ConsoleSessions.isConsoleApi(request.getUriInfo().getPath())
            ? consoleSessions.authenticate(
                sessionCookie(request),
                request.getHeaderString(ConsoleSessions.CSRF_HEADER),
                ConsoleSessions.isChange(request.getMethod()))
            : authenticator.authenticateService(
                request.getHeaders().get(Headers.AUTHORIZATION), remoteAddress());
    request.setSecurityContext(
        new HubSecurityContext(principal, request.getSecurityContext().isSecure()));
  }

  private static String sessionCookie(ContainerRequestContext request) {
    Cookie cookie = request.getCookies().get(ConsoleSessions.COOKIE);
    return cookie == null ? null : cookie.getValue();
  }

  private String remoteAddress() {
    try {
      return servletRequest.getRemoteAddr();
    } catch (IllegalStateException e) {
      return "unknown";
    }
  }
}
