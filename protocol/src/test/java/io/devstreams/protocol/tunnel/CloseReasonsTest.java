package io.devstreams.protocol.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseReasonsTest {

  @Test
  void shortReasonIsKept() {
    assertThat(CloseReasons.fit("agent stopping")).isEqualTo("agent stopping");
  }

  @Test
  void nullBecomesEmpty() {
    assertThat(CloseReasons.fit(null)).isEmpty();
  }

  @Test
  void longReasonIsCutTo123Bytes() {
    assertThat(CloseReasons.fit("x".repeat(500))).hasSize(123);
  }

  @Test
  void cutNeverSplitsACharacter() {
    String fitted = CloseReasons.fit("é".repeat(100));

    assertThat(fitted.getBytes(StandardCharsets.UTF_8).length).isEqualTo(122);
    assertThat(fitted).isEqualTo("é".repeat(61));
  }
}
