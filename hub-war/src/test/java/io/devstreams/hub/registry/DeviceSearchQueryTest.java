package io.devstreams.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.streams.StreamRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceSearchQueryTest {

  @Test
  void blankTextAndNoStateMeanEveryDevice() {
    DeviceSearchQuery query = new DeviceSearchQuery("  ", null, null, 50);

    assertThat(query.text()).isEmpty();
    assertThat(query.state()).isEqualTo(DeviceSearchQuery.State.ANY);
  }

  @Test
  void statesAreReadInAnyCaseAndAnUnknownOneIsNamed() {
    assertThat(DeviceSearchQuery.State.parse("Connected"))
        .isEqualTo(DeviceSearchQuery.State.CONNECTED);
    assertThat(DeviceSearchQuery.State.parse("")).isEqualTo(DeviceSearchQuery.State.ANY);
    assertThatThrownBy(() -> DeviceSearchQuery.State.parse("online"))
        .isInstanceOf(HubException.class)
        .hasMessage("state must be any, connected, disconnected or disabled (got 'online')");
  }

  @Test
  void pageSizeAndTextLengthAreBounded() {
    assertThatThrownBy(() -> new DeviceSearchQuery("", null, null, 0)).hasMessageContaining("top");
    assertThatThrownBy(() -> new DeviceSearchQuery("", null, null, 501))
        .hasMessageContaining("top");
    assertThatThrownBy(() -> new DeviceSearchQuery("x".repeat(129), null, null, 1))
        .hasMessageContaining("longer than 128");
  }

  @Test
  void historyQueryRefusesABadDeviceIdAnEmptyRangeAndABadTop() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    assertThatThrownBy(() -> new HistoryQuery("bad id", null, null, null, null, null, 10))
        .hasMessageStartingWith("device: device id contains ' '");
    assertThatThrownBy(() -> new HistoryQuery(null, null, null, t, t, null, 10))
        .hasMessageContaining("'from' must be before 'to'");
    assertThatThrownBy(() -> new HistoryQuery(null, null, null, null, null, null, 1001))
        .hasMessageContaining("top");
    HistoryQuery query =
        new HistoryQuery(" ", "", StreamRecord.Outcome.ACCEPTED, null, null, null, 10);
    assertThat(query.deviceId()).isNull();
    assertThat(query.policy()).isNull();
  }
}
