package io.devstreams.hub.metrics;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /metrics}: the hub's series in Prometheus' text format. {@link MetricsAuthFilter} has
 * admitted the scraper before this runs.
 */
@WebServlet(urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient HubExposition exposition;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String text = exposition.scrape();
    res.setContentType(PrometheusText.CONTENT_TYPE);
    res.setHeader("Cache-Control", "no-store");
    res.getWriter().write(text);
  }
}
