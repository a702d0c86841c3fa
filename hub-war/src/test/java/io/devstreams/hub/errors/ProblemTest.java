package io.devstreams.hub.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void rendersTheMembersInRfcOrder() {
    Problem problem = Problem.of(HubException.deviceNotFound("dev\"1"));

    assertThat(problem.toJson())
        .isEqualTo(
            "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"device 'dev\\\"1' not found\",\"errorCode\":404001,"
                + "\"Message\":\"ErrorCode:DeviceNotFound;device 'dev\\\"1' not found\"}");
  }

  @Test
  void azureNameIsAzuresForItsCodesAndGenericForStatuses() {
    assertThat(Problem.of(HubException.deviceExists("d")).azureName())
        .isEqualTo("DeviceAlreadyExists");
    assertThat(Problem.of(HubException.preconditionFailed("x")).azureName())
        .isEqualTo("PreconditionFailed");
    assertThat(Problem.of(404, Problem.codeForStatus(404), "x").azureName())
        .isEqualTo("GenericNotFound");
    assertThat(Problem.of(405, Problem.codeForStatus(405), "x").azureName())
        .isEqualTo("GenericMethodNotAllowed");
  }

  @Test
  void unauthorizedIsAlwaysTheSameDocument() {
    assertThat(Problem.of(HubException.unauthorized()))
        .isEqualTo(Problem.of(HubException.unauthorized()))
        .extracting(Problem::status, Problem::errorCode, Problem::detail)
        .containsExactly(401, 401002, "invalid or missing credentials");
  }

  @Test
  void statusesWithoutAGeneralCodeGetAzuresGenericCode() {
    assertThat(Problem.codeForStatus(404)).isEqualTo(404000);
    assertThat(Problem.codeForStatus(405)).isEqualTo(405000);
    assertThat(Problem.codeForStatus(415)).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE.code());
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
    assertThat(Problem.retryAfterSeconds(Duration.ofSeconds(10))).isEqualTo("10");
    assertThat(Problem.retryAfterSeconds(Duration.ofMillis(10_001))).isEqualTo("11");
    assertThat(Problem.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo("1");
    assertThat(Problem.retryAfterSeconds(Duration.ZERO)).isEqualTo("1");
  }
}
