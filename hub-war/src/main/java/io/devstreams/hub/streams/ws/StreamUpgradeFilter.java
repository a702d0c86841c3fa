package io.devstreams.hub.streams.ws;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.errors.Problem;
import io.devstreams.hub.streams.Side;
import io.devstreams.hub.streams.StreamPairing;
import io.devstreams.hub.ws.ConnectionCloser;
import io.devstreams.hub.ws.Handshake;
import io.devstreams.protocol.Headers;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

/**
 * The streaming endpoint {@code /streams/{streamId}}: checks the WebSocket handshake and the bearer
 * token, then upgrades the connection to a {@link RelayConnection}.
 *
 * <p>Every refusal is a plain HTTP error with a problem+json body, never a 101: 400 for a malformed
 * handshake, 426 for another WebSocket version, and 401 for any token problem, the same for an
 * unknown stream id so that ids cannot be probed.
 *
 * <p>It is a filter, not a servlet, because a servlet mapped to {@code /streams/*} would also take
 * {@code /streams} itself, which is the REST list of active streams: the filter upgrades requests
 * that name a stream and passes every other request on (as Tomcat's and Tyrus's upgrade filters
 * do), {@code /streams/history} included (stream ids are 22 characters or more, never "history").
 */
@WebFilter(urlPatterns = "/streams/*", asyncSupported = true)
public class StreamUpgradeFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;
  private static final System.Logger LOG = System.getLogger(StreamUpgradeFilter.class.getName());
  private static final String PREFIX = "/streams";
  private static final String HISTORY = PREFIX + "/history";

  @Inject private transient StreamPairing pairing;
  @Inject private transient ConnectionCloser closer;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.equals(PREFIX) || path.equals(PREFIX + "/") || path.equals(HISTORY)) {
      chain.doFilter(request, response);
      return;
    }
    Handshake.Outcome handshake =
        Handshake.check(request.getMethod(), name -> Collections.list(request.getHeaders(name)));
    if (!handshake.accepted()) {
      refuse(
          response,
          handshake.status(),
          Problem.codeForStatus(handshake.status()),
          handshake.detail());
      return;
    }
    String streamId = Handshake.streamId(path.substring(PREFIX.length()));
    Side side;
    try {
      side = authorize(streamId, request);
    } catch (HubException e) {
      if (e.kind() == HubException.Kind.UNAUTHORIZED) {
        // As SasAuthenticator logs refused credentials: the caller's address, never the token.
        LOG.log(
            Level.INFO,
            "stream authentication failed from {0}: no stream side waits for this id and token"
                + " (unknown, used, expired or another side''s)",
            request.getRemoteAddr());
      }
      refuse(response, e.errorCode().httpStatus(), e.errorCode().code(), e.getMessage());
      return;
    }
    upgrade(request, response, handshake.accept(), streamId, side);
  }

  private void upgrade(
      HttpServletRequest request,
      HttpServletResponse response,
      String accept,
      String streamId,
      Side side)
      throws IOException, ServletException {
    response.setStatus(HttpServletResponse.SC_SWITCHING_PROTOCOLS);
    response.setHeader("Upgrade", "websocket");
    response.setHeader("Connection", "Upgrade");
    response.setHeader("Sec-WebSocket-Accept", accept);
    RelayConnection relay = request.upgrade(RelayConnection.class);
    relay.bind(pairing, closer, streamId, side);
    response.flushBuffer();
  }

  private Side authorize(String streamId, HttpServletRequest request) {
    String token =
        Handshake.bearerToken(Collections.list(request.getHeaders(Headers.AUTHORIZATION)));
    if (streamId == null || token == null) {
      throw HubException.unauthorized();
    }
    return pairing.authorize(streamId, token);
  }

  private static void refuse(HttpServletResponse response, int status, int code, String detail)
      throws IOException {
    LOG.log(Level.DEBUG, "refused a stream handshake with {0}: {1}", status, detail);
    response.setStatus(status);
    response.setHeader(Headers.ERROR_CODE, Integer.toString(code));
    response.setHeader("Cache-Control", "no-store");
    // A refused upgrade ends its connection: kept alive, Grizzly holds a closed connection and its
    // TLS buffers in its keep-alive queue for http.timeout-seconds (measured in ConnectionAbuseIT).
    response.setHeader("Connection", "close");
    if (status == HttpServletResponse.SC_UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Bearer");
    } else if (status == HttpServletResponse.SC_METHOD_NOT_ALLOWED) {
      response.setHeader("Allow", "GET");
    } else if (status == 426) {
      response.setHeader("Upgrade", "websocket");
      response.setHeader("Sec-WebSocket-Version", "13");
    }
    byte[] body = Problem.of(status, code, detail).toJson().getBytes(StandardCharsets.UTF_8);
    response.setContentType(Problem.MEDIA_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
