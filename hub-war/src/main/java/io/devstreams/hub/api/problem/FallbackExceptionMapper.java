package io.devstreams.hub.api.problem;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.errors.Problem;
import io.devstreams.protocol.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;
import java.util.UUID;

/**
 * Maps every other exception: a JSON or JSON-B failure (possibly wrapped in a {@code
 * ProcessingException}) is the caller's malformed body (400); a wrapped {@link HubException} keeps
 * its own mapping; anything else is a hub bug, logged with its stack under an incident id and
 * answered with a generic 500 that carries the same id.
 */
@Provider
@ApplicationScoped
public class FallbackExceptionMapper implements ExceptionMapper<Throwable> {

  private static final System.Logger LOG =
      System.getLogger(FallbackExceptionMapper.class.getName());

  @Override
  public Response toResponse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HubException hub) {
        return new HubExceptionMapper().toResponse(hub);
      }
      if (t instanceof JsonException || t instanceof JsonbException) {
        String detail = "request body is not valid JSON: " + t.getMessage();
        return ProblemResponse.of(Problem.of(ErrorCode.ARGUMENT_INVALID, detail)).build();
      }
    }
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.WARNING, "unexpected failure, incident " + incident, e);
    String detail = "the hub failed unexpectedly (incident " + incident + ")";
    return ProblemResponse.of(Problem.of(ErrorCode.SERVER_ERROR, detail)).build();
  }
}
