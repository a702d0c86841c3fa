package io.devstreams.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.service.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceOutputTest {

  private static Device device(String id, String status, String lastActivity) {
    return new Device(id, "1", "ZTE=", status, null, "Connected", null, lastActivity, null)
        .withSymmetricKeys("cHJpbWFyeQ==", "c2Vjb25kYXJ5");
  }

  @Test
  void tableAlignsColumnsAndShowsNeverForTheYearOne() {
    String table =
        DeviceOutput.table(
            List.of(
                device("a-long-device-id", "enabled", "2026-01-02T03:04:05Z"),
                device("b", null, "0001-01-01T00:00:00Z")));

    assertThat(table)
        .isEqualTo(
            "DEVICE ID         STATUS   CONNECTION  LAST ACTIVITY\n"
                + "a-long-device-id  enabled  Connected   2026-01-02T03:04:05Z\n"
                + "b                 -        Connected   never\n");
  }

  @Test
  void emptyTableIsJustTheHeader() {
    assertThat(DeviceOutput.table(List.of()))
        .isEqualTo("DEVICE ID  STATUS  CONNECTION  LAST ACTIVITY\n");
  }

  @Test
  void connectionStringUsesThePrimaryKey() {
    assertThat(DeviceOutput.connectionString("hub.example:443", device("d", "enabled", null)))
        .isEqualTo("HostName=hub.example:443;DeviceId=d;SharedAccessKey=cHJpbWFyeQ==");
  }

  @Test
  void deviceWithoutSymmetricKeyHasNoConnectionString() {
    Device x509 = new Device("d", null, null, null, null, null, null, null, null);

    assertThatThrownBy(() -> DeviceOutput.connectionString("h", x509))
        .hasMessage("device 'd' has no symmetric key, so no connection string");
  }

  @Test
  void detailsListEveryMemberOnItsOwnLine() {
    assertThat(DeviceOutput.details(device("d", "enabled", null)))
        .isEqualTo(
            "deviceId:                   d\n"
                + "status:                     enabled\n"
                + "statusReason:               -\n"
                + "connectionState:            Connected\n"
                + "connectionStateUpdatedTime: -\n"
                + "lastActivityTime:           -\n"
                + "etag:                       ZTE=\n"
                + "generationId:               1\n"
                + "authentication:             sas\n"
                + "primaryKey:                 cHJpbWFyeQ==\n"
                + "secondaryKey:               c2Vjb25kYXJ5\n");
  }
}
