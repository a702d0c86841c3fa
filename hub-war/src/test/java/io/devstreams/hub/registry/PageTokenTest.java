package io.devstreams.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.errors.HubException;
import org.junit.jupiter.api.Test;

class PageTokenTest {

  @Test
  void roundTripsTheLastId() {
    String token = new PageToken("dev-042").encode();

    assertThat(PageToken.decode(token).afterId()).isEqualTo("dev-042");
  }

  @Test
  void tokenDoesNotShowTheIdInClear() {
    assertThat(new PageToken("dev-042").encode()).doesNotContain("dev-042");
  }

  @Test
  void refusesTokensNotMadeByTheHub() {
    assertThatThrownBy(() -> PageToken.decode("dev-042"))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("x-ms-continuation is not a continuation token");
    assertThatThrownBy(() -> PageToken.decode("!!!")).hasMessageContaining("x-ms-continuation");
  }
}
