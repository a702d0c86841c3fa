package io.devstreams.hub.api.console;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.errors.Problem;
import io.devstreams.protocol.Headers;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes a refusal from a servlet as the same problem+json the REST API sends. */
final class ServletProblems {

  private ServletProblems() {}

  static void write(HttpServletResponse res, HubException e) throws IOException {
    Problem p = Problem.of(e);
    res.setStatus(p.status());
    res.setContentType(Problem.MEDIA_TYPE);
    res.setCharacterEncoding("UTF-8");
    res.setHeader(Headers.ERROR_CODE, String.valueOf(p.errorCode()));
    res.getWriter().write(p.toJson());
  }
}
