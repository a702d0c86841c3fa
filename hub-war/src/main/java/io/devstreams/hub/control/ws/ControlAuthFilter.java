package io.devstreams.hub.control.ws;

import io.devstreams.hub.auth.CertificateAuthenticator;
import io.devstreams.hub.auth.DeviceCertificateListener;
import io.devstreams.hub.auth.SasAuthenticator;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.ws.ConnectionCloser;
import io.devstreams.protocol.DeviceIds;
import io.devstreams.protocol.Headers;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Authenticates a device's control-channel upgrade before Tyrus sees it: a bad token, an unknown or
 * disabled device, or any other path under {@code /devices/} gets a plain HTTP error, never a 101.
 * On the device-certificate listener the credential is the client certificate of the TLS session
 * (and a SAS token is refused); on the main listener it is a SAS token (so a certificate device,
 * which has no keys, cannot connect there). Requests that are not WebSocket upgrades pass through
 * to the REST API. An accepted upgrade goes on to Tyrus through {@link GuardedUpgrade}, which
 * checks the client's frames before Tyrus reads them.
 */
@WebFilter(urlPatterns = "/devices/*", asyncSupported = true)
public class ControlAuthFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  private static final Pattern CONTROL_PATH = Pattern.compile("/devices/([^/]+)/streams");
  private static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

  @Inject transient SasAuthenticator authenticator;
  @Inject transient ControlConnectionGate gate;
  @Inject transient CertificateAuthenticator certificates;
  @Inject transient DeviceCertificateListener certificateListener;
  @Inject transient ConnectionCloser closer;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!"websocket".equalsIgnoreCase(req.getHeader("Upgrade"))) {
      chain.doFilter(req, res);
      return;
    }
    // Counted per remote address before any authentication work; refused with 429 over the limit.
    Optional<ControlConnectionGate.Entry> entry = gate.enter(req, res);
    if (entry.isEmpty()) {
      return;
    }
    boolean served = false;
    try {
      authenticateAndUpgrade(entry.get().request(), res, chain);
      served = true;
    } finally {
      entry.get().exit(res, served);
    }
  }

  private void authenticateAndUpgrade(
      HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    Matcher m = CONTROL_PATH.matcher(req.getRequestURI().substring(req.getContextPath().length()));
    if (!m.matches() || !DeviceIds.isValid(m.group(1))) {
      HttpRefusal.send(res, HubException.unauthorized());
      return;
    }
    List<String> authorization = Collections.list(req.getHeaders(Headers.AUTHORIZATION));
    try {
      if (certificateListener.isOn(req.getLocalPort())) {
        certificates.authenticateDevice(
            (X509Certificate[]) req.getAttribute(CLIENT_CERTIFICATES),
            authorization,
            m.group(1),
            req.getRemoteAddr());
      } else {
        authenticator.authenticateDevice(authorization, m.group(1), req.getRemoteAddr());
      }
    } catch (HubException e) {
      HttpRefusal.send(res, e);
      return;
    }
    chain.doFilter(new GuardedUpgrade(req, m.group(1), closer), res);
  }
}
