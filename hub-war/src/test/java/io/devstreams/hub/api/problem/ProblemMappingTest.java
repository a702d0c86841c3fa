package io.devstreams.hub.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.ErrorCode;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ProblemMappingTest {

  private static JsonObject body(Response response) {
    return Json.createReader(new StringReader((String) response.getEntity())).readObject();
  }

  @Test
  void deviceNotFoundIs404001WithHeaderAndMessage() {
    Response response = new HubExceptionMapper().toResponse(HubException.deviceNotFound("dev9"));

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    assertThat(response.getHeaderString("iothub-errorcode")).isEqualTo("404001");
    assertThat(body(response))
        .isEqualTo(
            Json.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", "Not Found")
                .add("status", 404)
                .add("detail", "device 'dev9' not found")
                .add("errorCode", 404001)
                .add("Message", "ErrorCode:DeviceNotFound;device 'dev9' not found")
                .build());
  }

  @Test
  void throttledIs429001WithRetryAfterInWholeSecondsRoundedUp() {
    Response response =
        new HubExceptionMapper()
            .toResponse(HubException.throttled("slow down", java.time.Duration.ofMillis(2100)));

    assertThat(response.getStatus()).isEqualTo(429);
    assertThat(response.getHeaderString("Retry-After")).isEqualTo("3");
    assertThat(response.getHeaderString("iothub-errorcode")).isEqualTo("429001");
  }

  @Test
  void throttledWithoutAKnownWaitHasNoRetryAfter() {
    Response response = new HubExceptionMapper().toResponse(HubException.throttled("full", null));

    assertThat(response.getStatus()).isEqualTo(429);
    assertThat(response.getHeaderString("Retry-After")).isNull();
  }

  @Test
  void everyAuthenticationFailureHasTheSameBodyAndAChallenge() {
    Response response = new HubExceptionMapper().toResponse(HubException.unauthorized());

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getHeaderString(HttpHeaders.WWW_AUTHENTICATE))
        .isEqualTo("SharedAccessSignature");
    assertThat(body(response).getString("detail")).isEqualTo("invalid or missing credentials");
    assertThat(body(response).getInt("errorCode")).isEqualTo(401002);
  }

  @Test
  void eachKindMapsToItsStatus() {
    assertThat(new HubExceptionMapper().toResponse(HubException.deviceExists("d")).getStatus())
        .isEqualTo(409);
    assertThat(
            new HubExceptionMapper().toResponse(HubException.preconditionFailed("x")).getStatus())
        .isEqualTo(412);
    assertThat(new HubExceptionMapper().toResponse(HubException.tooLarge(10)).getStatus())
        .isEqualTo(413);
    assertThat(new HubExceptionMapper().toResponse(HubException.forbidden("x")).getStatus())
        .isEqualTo(403);
  }

  @Test
  void unknownPathIsAGeneric404NotADeviceNotFound() {
    Response response = new WebApplicationExceptionMapper().toResponse(new NotFoundException());

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(body(response).getInt("errorCode")).isEqualTo(404000);
    assertThat(response.getHeaderString("iothub-errorcode")).isEqualTo("404000");
  }

  @Test
  void wrongMethodKeepsTheAllowHeader() {
    NotAllowedException e = new NotAllowedException("not here", "PUT", new String[] {"DELETE"});

    Response response = new WebApplicationExceptionMapper().toResponse(e);

    assertThat(response.getStatus()).isEqualTo(405);
    assertThat(response.getHeaderString(HttpHeaders.ALLOW)).contains("PUT").contains("DELETE");
  }

  @Test
  void unsupportedMediaTypeIs415001() {
    Response response = new WebApplicationExceptionMapper().toResponse(new NotSupportedException());

    assertThat(response.getStatus()).isEqualTo(415);
    assertThat(body(response).getInt("errorCode"))
        .isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE.code());
  }

  @Test
  void wrappedJsonFailureIsABadRequest() {
    Throwable e = new ProcessingException(new JsonException("Unexpected char 125"));

    Response response = new FallbackExceptionMapper().toResponse(e);

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(body(response).getString("detail")).contains("Unexpected char 125");
    assertThat(body(response).getInt("errorCode")).isEqualTo(400004);
  }

  @Test
  void wrappedHubExceptionKeepsItsOwnMapping() {
    Throwable e = new ProcessingException(HubException.tooLarge(65536));

    assertThat(new FallbackExceptionMapper().toResponse(e).getStatus()).isEqualTo(413);
  }

  @Test
  void unexpectedFailureIsAGeneric500WithoutItsMessage() {
    Response response =
        new FallbackExceptionMapper().toResponse(new IllegalStateException("secret internals"));

    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(body(response).getInt("errorCode")).isEqualTo(500001);
    assertThat(body(response).getString("detail"))
        .startsWith("the hub failed unexpectedly (incident ")
        .doesNotContain("secret internals");
  }
}
