package io.devstreams.hub.metrics;

import io.devstreams.hub.auth.PolicyKeyAuthenticator;
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
import java.util.List;

/**
 * Admits a scrape of {@code /metrics} (ADR 0010): HTTP Basic with the name and a key of a policy
 * granting {@code Metrics} (the credential Prometheus keeps in a file), or a SAS token of a policy
 * granting {@code Metrics} or {@code RegistryRead} (which reads more than the metrics tell).
 * Refusals are the REST API's: 401 for a missing or bad credential (with a Basic challenge), 403
 * for a policy without the right, as problem+json.
 */
@WebFilter(
    urlPatterns = {"/metrics", "/metrics/*"},
    asyncSupported = true)
public class MetricsAuthFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Inject transient SasAuthenticator tokens;
  @Inject transient PolicyKeyAuthenticator keys;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    try {
      admit(Collections.list(req.getHeaders(Headers.AUTHORIZATION)), req.getRemoteAddr());
    } catch (HubException e) {
      Problem p = Problem.of(e);
      res.setStatus(p.status());
      if (p.status() == HttpServletResponse.SC_UNAUTHORIZED) {
        res.setHeader("WWW-Authenticate", "Basic realm=\"devstreams metrics\", charset=\"UTF-8\"");
      }
      res.setContentType(Problem.MEDIA_TYPE);
      res.setHeader(Headers.ERROR_CODE, String.valueOf(p.errorCode()));
      res.getWriter().write(p.toJson());
      return;
    }
    chain.doFilter(req, res);
  }

  private void admit(List<String> authorization, String remote) {
    if (authorization.size() == 1
        && authorization
            .get(0)
            .regionMatches(
                true, 0, PolicyKeyAuthenticator.BASIC, 0, PolicyKeyAuthenticator.BASIC.length())) {
      keys.authenticateMetricsScraper(authorization.get(0), remote);
      return;
    }
    Principal principal = tokens.authenticateService(authorization, remote);
    if (!principal.has(Right.METRICS) && !principal.has(Right.REGISTRY_READ)) {
      throw HubException.forbidden(
          "policy '"
              + principal.name()
              + "' grants neither "
              + Right.METRICS.wireName()
              + " nor "
              + Right.REGISTRY_READ.wireName());
    }
  }
}
