package io.devstreams.hub.mux;

import io.devstreams.hub.auth.CertificateAuthenticator;
import io.devstreams.hub.auth.DeviceCertificateListener;
import io.devstreams.hub.auth.Principal;
import io.devstreams.hub.auth.Right;
import io.devstreams.hub.auth.SasAuthenticator;
import io.devstreams.hub.control.ControlConnections;
import io.devstreams.hub.control.ControlConnections.Admission;
import io.devstreams.hub.control.DeviceChannels;
import io.devstreams.hub.control.DevicePresence;
import io.devstreams.hub.control.StreamInitiation;
import io.devstreams.hub.control.ws.HttpRefusal;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.streams.StreamPairing;
import io.devstreams.hub.ws.ConnectionCloser;
import io.devstreams.hub.ws.Handshake;
import io.devstreams.protocol.DeviceIds;
import io.devstreams.protocol.ErrorCode;
import io.devstreams.protocol.Headers;
import io.devstreams.protocol.mux.MuxFrames;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

/**
 * The v2 endpoints: {@code /v2/service} for service processes (a policy token with {@code
 * ServiceConnect}) and {@code /v2/devices/{id}} for devices (a device token, or the certificate on
 * the device-certificate listener, and a slot of the address's control-connection limit). Every
 * refusal is plain HTTP with problem+json before any upgrade, as on the v1 endpoints; an accepted
 * request is upgraded to a {@link MuxConnection} with its role.
 */
@WebFilter(urlPatterns = "/v2/*", asyncSupported = true)
public class MuxUpgradeFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(MuxUpgradeFilter.class.getName());
  private static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

  @Inject private transient SasAuthenticator authenticator;
  @Inject private transient CertificateAuthenticator certificates;
  @Inject private transient DeviceCertificateListener certificateListener;
  @Inject private transient ControlConnections controlConnections;
  @Inject private transient DevicePresence presence;
  @Inject private transient DeviceChannels channels;
  @Inject private transient StreamInitiation initiation;
  @Inject private transient StreamPairing broker;
  @Inject private transient MuxConnections connections;
  @Inject private transient ConnectionCloser closer;

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    Handshake.Outcome handshake =
        Handshake.check(req.getMethod(), name -> Collections.list(req.getHeaders(name)));
    if (!handshake.accepted()) {
      HttpRefusal.send(
          res,
          new HubException(
              HubException.Kind.BAD_REQUEST, ErrorCode.ARGUMENT_INVALID, handshake.detail()));
      return;
    }
    List<String> authorization = Collections.list(req.getHeaders(Headers.AUTHORIZATION));
    if (path.equals(MuxFrames.SERVICE_PATH)) {
      service(req, res, handshake, authorization);
    } else if (path.startsWith(MuxFrames.DEVICE_PATH_PREFIX)) {
      device(
          req,
          res,
          handshake,
          authorization,
          path.substring(MuxFrames.DEVICE_PATH_PREFIX.length()));
    } else {
      HttpRefusal.send(
          res,
          new HubException(
              HubException.Kind.NOT_FOUND,
              ErrorCode.DEVICE_NOT_FOUND,
              "no such v2 endpoint: use /v2/service or /v2/devices/{id}"));
    }
  }

  private void service(
      HttpServletRequest req,
      HttpServletResponse res,
      Handshake.Outcome handshake,
      List<String> authorization)
      throws IOException {
    Principal principal;
    try {
      if (certificateListener.isOn(req.getLocalPort())) {
        throw HubException.forbidden("the device-certificate listener serves devices only");
      }
      principal = authenticator.authenticateService(authorization, req.getRemoteAddr());
      if (!principal.has(Right.SERVICE_CONNECT)) {
        throw HubException.forbidden(
            "policy '" + principal.name() + "' lacks the ServiceConnect right");
      }
    } catch (HubException e) {
      HttpRefusal.send(res, e);
      return;
    }
    upgrade(req, res, handshake, new ServiceRole(principal.name(), initiation, connections));
  }

  private void device(
      HttpServletRequest req,
      HttpServletResponse res,
      Handshake.Outcome handshake,
      List<String> authorization,
      String rawId)
      throws IOException {
    String deviceId;
    try {
      deviceId = rawId.indexOf('+') >= 0 ? null : URLDecoder.decode(rawId, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      deviceId = null;
    }
    if (deviceId == null || !DeviceIds.isValid(deviceId)) {
      HttpRefusal.send(res, HubException.unauthorized());
      return;
    }
    Admission admission;
    try {
      admission = controlConnections.admit(req.getRemoteAddr());
    } catch (HubException e) {
      LOG.log(
          Level.INFO,
          "v2 device connection refused from {0}: {1}",
          req.getRemoteAddr(),
          e.getMessage());
      HttpRefusal.send(res, e);
      return;
    }
    boolean upgraded = false;
    try {
      if (certificateListener.isOn(req.getLocalPort())) {
        certificates.authenticateDevice(
            (X509Certificate[]) req.getAttribute(CLIENT_CERTIFICATES),
            authorization,
            deviceId,
            req.getRemoteAddr());
      } else {
        authenticator.authenticateDevice(authorization, deviceId, req.getRemoteAddr());
      }
      upgrade(
          req, res, handshake, new DeviceRole(deviceId, presence, channels, initiation, admission));
      upgraded = true;
    } catch (HubException e) {
      HttpRefusal.send(res, e);
    } finally {
      if (!upgraded) {
        admission.release();
      }
    }
  }

  private void upgrade(
      HttpServletRequest req, HttpServletResponse res, Handshake.Outcome handshake, MuxRole role)
      throws IOException {
    res.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
    res.setHeader("Upgrade", "websocket");
    res.setHeader("Connection", "Upgrade");
    res.setHeader("Sec-WebSocket-Accept", handshake.accept());
    MuxConnection connection;
    try {
      connection = req.upgrade(MuxConnection.class);
    } catch (ServletException e) {
      throw new IOException("upgrade failed", e);
    }
    connection.bind(role, connections.settings(), broker, closer);
    res.flushBuffer();
  }
}
