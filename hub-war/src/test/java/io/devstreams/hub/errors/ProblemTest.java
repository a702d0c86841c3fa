package io.devstreams.hub.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void rendersTheMembersInRfcOrder() {
    Problem problem = Problem.of(HubException.deviceNotFound("dev\"1"));

    assertThat(problem.toJson())
        .isEqualTo(
            "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"device 'dev\\\"1' not found\",\"errorCode\":404001}");
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
}
