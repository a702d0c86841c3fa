package io.devstreams.hub.api.problem;

import io.devstreams.hub.errors.Problem;
import io.devstreams.protocol.Headers;
import jakarta.ws.rs.core.Response;

/** Turns a {@link Problem} into a JAX-RS response: status, body and {@code iothub-errorcode}. */
final class ProblemResponse {

  private ProblemResponse() {}

  static Response.ResponseBuilder of(Problem problem) {
    return Response.status(problem.status())
        .type(Problem.MEDIA_TYPE)
        .header(Headers.ERROR_CODE, Integer.toString(problem.errorCode()))
        .entity(problem.toJson());
  }
}
