package io.devstreams.hub.streams.ws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemBodyTest {

  @Test
  void bodyHasTheRestEndpointsShape() {
    assertThat(ProblemBody.json(401, 401002, "invalid or missing credentials"))
        .isEqualTo(
            "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"invalid or missing credentials\",\"errorCode\":401002}");
  }

  @Test
  void detailIsEscaped() {
    assertThat(ProblemBody.json(400, 400004, "a \"b\" \\ c\n\u0001"))
        .contains("\"detail\":\"a \\\"b\\\" \\\\ c\\n\\u0001\"");
  }
}
