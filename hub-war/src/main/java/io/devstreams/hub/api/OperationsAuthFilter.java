package io.devstreams.hub.api;

import io.devstreams.hub.auth.Principal;
import io.devstreams.hub.auth.Right;
import io.devstreams.hub.auth.SasAuthenticator;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.errors.Problem;
import io.devstreams.protocol.Headers;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;

/**
 * Requires a shared access policy token with {@code RegistryRead} on the operations endpoint that
 * Payara serves inside the hub's root context: {@code /openapi} (the API's description). Only
 * {@code /health} stays open, for load balancers and supervisors; it tells nothing but up or down.
 * ({@code /metrics} is the hub's own, admitted by {@code metrics.MetricsAuthFilter}.)
 *
 * <p>This servlet is Payara's, not a JAX-RS resource, so {@link AuthenticationFilter} never sees
 * its requests; this filter gives them the same answers: 401 for a missing or bad token, 403 for a
 * policy without the right.
 */
@WebFilter(
    urlPatterns = {"/openapi", "/openapi/*"},
    asyncSupported = true)
public class OperationsAuthFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  /** The right that reads the operations endpoint: reading the hub's state, as the registry. */
  public static final Right REQUIRED = Right.REGISTRY_READ;

  @Inject transient SasAuthenticator authenticator;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    try {
      Principal principal =
          authenticator.authenticateService(
              Collections.list(req.getHeaders(Headers.AUTHORIZATION)), req.getRemoteAddr());
      if (!principal.has(REQUIRED)) {
        throw HubException.forbidden(
            "policy '" + principal.name() + "' does not grant " + REQUIRED.wireName());
      }
    } catch (HubException e) {
      Problem p = Problem.of(e);
      res.setStatus(p.status());
      res.setContentType(Problem.MEDIA_TYPE);
      res.setHeader(Headers.ERROR_CODE, String.valueOf(p.errorCode()));
      res.getWriter().write(p.toJson());
      return;
    }
    chain.doFilter(req, res);
  }
}
