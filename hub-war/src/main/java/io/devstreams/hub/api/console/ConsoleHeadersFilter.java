package io.devstreams.hub.api.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Puts strict security headers on everything under {@code /console}: a Content-Security-Policy that
 * allows scripts, styles, images and connections from the hub itself only (no inline script or
 * style, no frames, no forms elsewhere), no framing by any page, no MIME sniffing, no referrer, a
 * browsing context of its own, and no caching of the API's answers.
 *
 * <p>There is no {@code Strict-Transport-Security}: the hub has no plain-HTTP port to upgrade from,
 * and HSTS binds a whole host name across ports, so a hub on {@code localhost} would force HTTPS on
 * every other local development server of the browser; a hub behind a proxy with a public name gets
 * it from the proxy.
 */
@WebFilter(
    urlPatterns = {"/console", "/console/*"},
    asyncSupported = true)
public class ConsoleHeadersFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  /** The console's Content-Security-Policy. */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  /** Every header the filter sets, with its value. */
  static final Map<String, String> HEADERS =
      Map.of(
          "Content-Security-Policy", CSP,
          "X-Frame-Options", "DENY",
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "no-referrer",
          "Cross-Origin-Opener-Policy", "same-origin",
          "Cross-Origin-Resource-Policy", "same-origin",
          "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HEADERS.forEach(res::setHeader);
    String path = req.getRequestURI();
    if (path.startsWith("/console/api/")) {
      res.setHeader("Cache-Control", "no-store");
    }
    chain.doFilter(req, res);
  }
}
