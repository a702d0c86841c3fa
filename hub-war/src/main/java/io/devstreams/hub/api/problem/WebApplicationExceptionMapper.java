package io.devstreams.hub.api.problem;

import io.devstreams.hub.errors.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Maps the container's own HTTP errors (unknown path, wrong method, media types) to problem+json,
 * keeping their status and their {@code Allow} header.
 */
@Provider
@ApplicationScoped
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  private static final System.Logger LOG =
      System.getLogger(WebApplicationExceptionMapper.class.getName());

  @Override
  public Response toResponse(WebApplicationException e) {
    Response original = e.getResponse();
    int status = original.getStatus();
    if (status >= 500) {
      LOG.log(System.Logger.Level.WARNING, "request failed with HTTP " + status, e);
    }
    Response.ResponseBuilder response =
        ProblemResponse.of(
            Problem.of(status, Problem.codeForStatus(status), detail(status, original)));
    String allow = original.getHeaderString(HttpHeaders.ALLOW);
    if (allow != null) {
      response.header(HttpHeaders.ALLOW, allow);
    }
    return response.build();
  }

  private static String detail(int status, Response original) {
    return switch (status) {
      case 400 -> "the request is malformed";
      case 404 -> "no such resource";
      case 405 ->
          "method not allowed here; allowed: " + original.getHeaderString(HttpHeaders.ALLOW);
      case 406 -> "the hub answers in application/json only";
      case 413 -> "request body is too large";
      case 415 -> "request body must be application/json";
      default -> {
        Response.StatusType type = original.getStatusInfo();
        yield type == null ? "HTTP " + status : type.getReasonPhrase();
      }
    };
  }
}
