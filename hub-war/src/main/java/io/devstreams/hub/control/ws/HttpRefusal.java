package io.devstreams.hub.control.ws;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.errors.Problem;
import io.devstreams.protocol.Headers;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Answers a device's upgrade request that is refused before Tyrus sees it, as the REST API answers:
 * problem+json with the hub's error code, never cached, with {@code Retry-After} when the refusal
 * says when to come back, and the connection closed after the answer.
 */
public final class HttpRefusal {
  private HttpRefusal() {}

  public static void send(HttpServletResponse res, HubException e) throws IOException {
    Problem p = Problem.of(e);
    res.setStatus(p.status());
    res.setContentType(Problem.MEDIA_TYPE);
    res.setHeader(Headers.ERROR_CODE, String.valueOf(p.errorCode()));
    res.setHeader("Cache-Control", "no-store");
    // A refused upgrade ends its connection (see StreamUpgradeFilter).
    res.setHeader("Connection", "close");
    e.retryAfter().ifPresent(wait -> res.setHeader("Retry-After", Problem.retryAfterSeconds(wait)));
    byte[] body = p.toJson().getBytes(StandardCharsets.UTF_8);
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
