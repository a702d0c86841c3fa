package io.devstreams.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.hub.registry.AuthType;
import io.devstreams.hub.registry.ConnectionState;
import io.devstreams.hub.registry.DeviceStatus;
import io.devstreams.hub.registry.DeviceView;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class DeviceJsonTest {

  @Test
  void mapsToAzuresSpellingsAndTimes() {
    DeviceView view =
        new DeviceView(
            "dev1",
            "gen",
            "etag1",
            DeviceStatus.DISABLED,
            "why",
            AuthType.SAS,
            "cHJpbWFyeQ==",
            "c2Vjb25kYXJ5",
            null,
            null,
            ConnectionState.CONNECTED,
            OffsetDateTime.parse("2025-06-01T14:00:00+02:00"),
            null);

    DeviceJson json = DeviceJson.from(view);

    assertThat(json.status()).isEqualTo("disabled");
    assertThat(json.connectionState()).isEqualTo("Connected");
    assertThat(json.connectionStateUpdatedTime()).isEqualTo("2025-06-01T12:00:00Z");
    assertThat(json.lastActivityTime()).isEqualTo(DeviceJson.NEVER);
    assertThat(json.authentication().type()).isEqualTo("sas");
    assertThat(json.authentication().symmetricKey().primaryKey()).isEqualTo("cHJpbWFyeQ==");
  }
}
