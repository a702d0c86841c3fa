package io.devstreams.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.hub.auth.DeviceCredentials;
import io.devstreams.protocol.SasKeys;
import org.junit.jupiter.api.Test;

class DeviceEntityTest {

  private static DeviceSpec spec(DeviceStatus status, String primary, String secondary) {
    return new DeviceSpec("dev1", status, "why", AuthType.SAS, primary, secondary);
  }

  @Test
  void newDeviceGetsTwoDistinctGeneratedKeysWhenNoneAreGiven() {
    DeviceView device =
        DeviceEntity.create(spec(DeviceStatus.ENABLED, null, null), "gen", "e1").toView();

    assertThat(SasKeys.decode(device.primaryKey())).hasSize(SasKeys.KEY_BYTES);
    assertThat(SasKeys.decode(device.secondaryKey())).hasSize(SasKeys.KEY_BYTES);
    assertThat(device.primaryKey()).isNotEqualTo(device.secondaryKey());
  }

  @Test
  void newDeviceKeepsGivenKeysAndStartsDisconnected() {
    String key = SasKeys.generate();

    DeviceView device =
        DeviceEntity.create(spec(DeviceStatus.ENABLED, key, null), "gen", "e1").toView();

    assertThat(device.primaryKey()).isEqualTo(key);
    assertThat(device.secondaryKey()).isNotNull().isNotEqualTo(key);
    assertThat(device.connectionState()).isEqualTo(ConnectionState.DISCONNECTED);
    assertThat(device.connectionStateUpdatedTime()).isNull();
    assertThat(device.etag()).isEqualTo("e1");
    assertThat(device.generationId()).isEqualTo("gen");
  }

  @Test
  void updateReplacesStatusAndEtagButKeepsKeysItDoesNotName() {
    DeviceEntity entity = DeviceEntity.create(spec(DeviceStatus.ENABLED, null, null), "gen", "e1");
    DeviceView before = entity.toView();
    String newSecondary = SasKeys.generate();

    entity.apply(spec(DeviceStatus.DISABLED, null, newSecondary), "e2");
    DeviceView after = entity.toView();

    assertThat(after.status()).isEqualTo(DeviceStatus.DISABLED);
    assertThat(after.etag()).isEqualTo("e2");
    assertThat(after.generationId()).isEqualTo("gen");
    assertThat(after.primaryKey()).isEqualTo(before.primaryKey());
    assertThat(after.secondaryKey()).isEqualTo(newSecondary);
  }

  @Test
  void disabledDeviceHasDisabledCredentials() {
    DeviceCredentials credentials =
        DeviceEntity.create(spec(DeviceStatus.DISABLED, null, null), "gen", "e1").toCredentials();

    assertThat(credentials.enabled()).isFalse();
    assertThat(credentials.toString()).doesNotContain(credentials.primaryKey());
  }
}
