package io.devstreams.hub.api.problem;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.errors.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Maps the hub's domain exception to problem+json with its error code and message. */
@Provider
@ApplicationScoped
public class HubExceptionMapper implements ExceptionMapper<HubException> {

  /** The challenge sent with every 401, naming the only scheme the hub accepts. */
  static final String CHALLENGE = "SharedAccessSignature";

  @Override
  public Response toResponse(HubException e) {
    Response.ResponseBuilder response = ProblemResponse.of(Problem.of(e));
    if (e.kind() == HubException.Kind.UNAUTHORIZED) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
    }
    e.retryAfter()
        .ifPresent(
            wait -> response.header(HttpHeaders.RETRY_AFTER, Problem.retryAfterSeconds(wait)));
    return response.build();
  }
}
