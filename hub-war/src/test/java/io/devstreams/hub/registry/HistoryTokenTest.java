package io.devstreams.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.errors.HubException;
import org.junit.jupiter.api.Test;

class HistoryTokenTest {

  @Test
  void tokenRoundTrips() {
    assertThat(HistoryToken.decode(new HistoryToken(4711).encode()).beforeId()).isEqualTo(4711);
  }

  @Test
  void foreignTokensAreOneClearBadRequest() {
    for (String bad :
        new String[] {"", "!!", "aDE6eA", new PageToken("dev1").encode(), "aDE6LTU"}) {
      assertThatThrownBy(() -> HistoryToken.decode(bad))
          .as(bad)
          .isInstanceOf(HubException.class)
          .hasMessageContaining("not a stream history token")
          .extracting(e -> ((HubException) e).kind())
          .isEqualTo(HubException.Kind.BAD_REQUEST);
    }
  }
}
