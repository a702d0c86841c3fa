package io.devstreams.hub.control.ws;

import io.devstreams.hub.auth.DeviceCertificateListener;
import io.devstreams.hub.errors.HubException;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Keeps the device-certificate listener to what certificate devices need: the control-channel
 * upgrade ({@code /devices/{id}/streams}), joining a stream ({@code /streams/{id}}) and the v2
 * connection ({@code /v2/devices/{id}}), all WebSocket upgrades. Anything else there (the REST API,
 * {@code /health}, plain requests) gets 403 with a line naming the main listener, so that a device
 * certificate can never stand in for a service credential.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class DeviceCertificatePortFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Pattern DEVICE_PATHS =
      Pattern.compile("/devices/[^/]+/streams|/streams/[^/]+|/v2/devices/[^/]+");

  @Inject transient DeviceCertificateListener listener;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (listener.isOn(req.getLocalPort())
        && !("websocket".equalsIgnoreCase(req.getHeader("Upgrade"))
            && DEVICE_PATHS
                .matcher(req.getRequestURI().substring(req.getContextPath().length()))
                .matches())) {
      HttpRefusal.send(
          res,
          HubException.forbidden(
              "this listener serves certificate devices' WebSocket connections only; the API"
                  + " is on the hub's main port"));
      return;
    }
    chain.doFilter(req, res);
  }
}
