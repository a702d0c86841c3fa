package io.devstreams.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.sdk.iot.service.auth.AuthenticationType;
import com.microsoft.azure.sdk.iot.service.auth.SymmetricKey;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.query.QueryClient;
import com.microsoft.azure.sdk.iot.service.query.QueryPageOptions;
import com.microsoft.azure.sdk.iot.service.query.TwinQueryResponse;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceConnectionState;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import io.devstreams.device.DeviceClient;
import io.devstreams.device.DeviceClientOptions;
import io.devstreams.device.StreamDecision;
import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.tunnel.HubEndpoint;
import io.devstreams.protocol.tunnel.HubTls;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Microsoft's Java service SDK ({@code com.microsoft.azure.sdk.iot:iot-service-client} 2.x), as a
 * Java user moving from Azure brings it: its {@link RegistryClient} for every device operation and
 * its {@link QueryClient}, the only way 2.x lists devices.
 */
@ExtendWith(AzureHub.class)
class AzureJavaSdkIT {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String RUN = HexFormat.of().formatHex(bytes(4));

  private RegistryClient registry;
  private QueryClient query;

  @BeforeEach
  void clients(AzureHub.Running hub) {
    registry = new RegistryClient(hub.ownerConnectionString());
    query = new QueryClient(hub.ownerConnectionString());
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String id(String name) {
    return "java-" + RUN + "-" + name;
  }

  private static String key() {
    return Base64.getEncoder().encodeToString(bytes(32));
  }

  private static String thumbprint() {
    return HexFormat.of().withUpperCase().formatHex(bytes(32));
  }

  @Test
  void addsADeviceWithTheKeysTheSdkGenerates() throws Exception {
    Device device = new Device(id("sdk-keys"));

    Device added = registry.addDevice(device);

    assertThat(added.getDeviceId()).isEqualTo(id("sdk-keys"));
    assertThat(added.getAuthenticationType()).isEqualTo(AuthenticationType.SAS);
    assertThat(added.getPrimaryKey()).isEqualTo(device.getPrimaryKey());
    assertThat(added.getSecondaryKey()).isEqualTo(device.getSecondaryKey());
    assertThat(added.getStatus()).isEqualTo(DeviceStatus.Enabled);
    assertThat(added.getConnectionState()).isEqualTo(DeviceConnectionState.Disconnected);
    assertThat(added.getETag()).isNotEmpty();
  }

  @Test
  void addsADeviceWithKeysItWasGiven() throws Exception {
    Device device = new Device(id("keys"));
    SymmetricKey keys = new SymmetricKey();
    keys.setPrimaryKey(key());
    keys.setSecondaryKey(key());
    device.setSymmetricKey(keys);

    Device added = registry.addDevice(device);

    assertThat(added.getPrimaryKey()).isEqualTo(keys.getPrimaryKey());
    assertThat(added.getSecondaryKey()).isEqualTo(keys.getSecondaryKey());
  }

  @Test
  void addsADeviceWithoutKeysAndTheHubGeneratesThem() throws Exception {
    Device device = new Device(id("no-keys"));
    SymmetricKey empty = new SymmetricKey();
    empty.setPrimaryKey("");
    empty.setSecondaryKey("");
    device.setSymmetricKey(empty);

    Device added = registry.addDevice(device);

    assertThat(Base64.getDecoder().decode(added.getPrimaryKey())).hasSizeGreaterThanOrEqualTo(16);
    assertThat(Base64.getDecoder().decode(added.getSecondaryKey())).hasSizeGreaterThanOrEqualTo(16);
    assertThat(added.getPrimaryKey()).isNotEqualTo(added.getSecondaryKey());
  }

  @Test
  void addsASelfSignedDeviceWithSha256Thumbprints() throws Exception {
    Device device = new Device(id("x509"), AuthenticationType.SELF_SIGNED);
    String primary = thumbprint();
    device.setThumbprint(primary, thumbprint());

    Device added = registry.addDevice(device);

    assertThat(added.getAuthenticationType()).isEqualTo(AuthenticationType.SELF_SIGNED);
    assertThat(added.getPrimaryThumbprint()).isEqualTo(primary);
  }

  @Test
  void refusesTheSdksDefaultSha1ThumbprintsWithAClearReason() {
    Device device = new Device(id("x509-sha1"), AuthenticationType.SELF_SIGNED);

    assertThatThrownBy(() -> registry.addDevice(device))
        .isInstanceOf(IotHubBadFormatException.class)
        .hasMessageContaining("is a SHA-1 thumbprint; devstreams takes SHA-256");
  }

  @Test
  void getsADevice() throws Exception {
    Device added = registry.addDevice(new Device(id("get")));

    Device got = registry.getDevice(id("get"));

    assertThat(got.getETag()).isEqualTo(added.getETag());
    assertThat(got.getPrimaryKey()).isEqualTo(added.getPrimaryKey());
    assertThat(got.getGenerationId()).isEqualTo(added.getGenerationId());
  }

  @Test
  void updatesADeviceReadWithItsEtag() throws Exception {
    registry.addDevice(new Device(id("update")));
    Device got = registry.getDevice(id("update"));
    got.setStatus(DeviceStatus.Disabled);

    Device updated = registry.updateDevice(got);

    assertThat(updated.getStatus()).isEqualTo(DeviceStatus.Disabled);
    assertThat(updated.getETag()).isNotEqualTo(got.getETag());
    assertThat(registry.getDevice(id("update")).getStatus()).isEqualTo(DeviceStatus.Disabled);
  }

  @Test
  void updatesADeviceBuiltWithoutAnEtag() throws Exception {
    Device added = registry.addDevice(new Device(id("update-fresh")));
    Device fresh = new Device(id("update-fresh"));
    fresh.setStatus(DeviceStatus.Disabled);

    Device updated = registry.updateDevice(fresh);

    assertThat(updated.getStatus()).isEqualTo(DeviceStatus.Disabled);
    assertThat(updated.getPrimaryKey())
        .isEqualTo(fresh.getPrimaryKey())
        .isNotEqualTo(added.getPrimaryKey());
  }

  @Test
  void removesADeviceByIdAndByDeviceWithItsEtag() throws Exception {
    registry.addDevice(new Device(id("remove-id")));
    Device byEtag = registry.addDevice(new Device(id("remove-etag")));

    registry.removeDevice(id("remove-id"));
    registry.removeDevice(byEtag);

    assertNotFound(id("remove-id"));
    assertNotFound(id("remove-etag"));
  }

  @Test
  void removingWithAStaleEtagIsPreconditionFailedAndKeepsTheDevice() throws Exception {
    Device stale = registry.addDevice(new Device(id("stale")));
    Device current = registry.getDevice(id("stale"));
    current.setStatus(DeviceStatus.Disabled);
    registry.updateDevice(current);

    assertThatThrownBy(() -> registry.removeDevice(stale))
        .isInstanceOf(IotHubPreconditionFailedException.class)
        .hasMessageStartingWith("ErrorCode:PreconditionFailed;");
    assertThat(registry.getDevice(id("stale")).getStatus()).isEqualTo(DeviceStatus.Disabled);
  }

  @Test
  void addingAnExistingIdIsAConflict() throws Exception {
    registry.addDevice(new Device(id("twice")));

    assertThatThrownBy(() -> registry.addDevice(new Device(id("twice"))))
        .isInstanceOf(IotHubConflictException.class)
        .hasMessageStartingWith("ErrorCode:DeviceAlreadyExists;");
  }

  @Test
  void queriesAllDevicesAcrossPages() throws Exception {
    for (int i = 1; i <= 3; i++) {
      registry.addDevice(new Device(id("all-" + i)));
    }

    List<String> ids = queryIds("SELECT * FROM devices", 2);

    assertThat(ids).contains(id("all-1"), id("all-2"), id("all-3"));
    assertThat(ids).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void queriesDevicesFilteredOnStatusAndConnectionState() throws Exception {
    registry.addDevice(new Device(id("filter-on")));
    Device off = new Device(id("filter-off"));
    off.setStatus(DeviceStatus.Disabled);
    registry.addDevice(off);

    List<String> disabled =
        queryIds(
            "SELECT * FROM devices WHERE status = 'disabled' AND connectionState = 'Disconnected'",
            100);
    List<String> enabled = queryIds("SELECT * FROM devices WHERE status = 'enabled'", 100);

    assertThat(disabled).contains(id("filter-off")).doesNotContain(id("filter-on"));
    assertThat(enabled).contains(id("filter-on")).doesNotContain(id("filter-off"));
  }

  @Test
  void queriesOnConnectionStateFollowARealDevice(AzureHub.Running hub) throws Exception {
    Device added = registry.addDevice(new Device(id("online")));
    String online =
        "SELECT * FROM devices WHERE connectionState = 'Connected' AND deviceId = '"
            + id("online")
            + "'";
    assertThat(queryIds(online, 10)).isEmpty();

    try (DeviceClient device = connect(hub, added)) {
      // The hub records the connection a moment after the device's channel opens.
      awaitTrue(() -> queryIds(online, 10).equals(List.of(id("online"))));

      assertThat(registry.getDevice(id("online")).getConnectionState())
          .isEqualTo(DeviceConnectionState.Connected);
    }
    awaitTrue(() -> queryIds(online, 10).isEmpty());
  }

  private static DeviceClient connect(AzureHub.Running hub, Device device) {
    ConnectionString credentials =
        ConnectionString.forDevice("localhost", device.getDeviceId(), device.getPrimaryKey());
    DeviceClient client =
        new DeviceClient(
            credentials,
            HubEndpoint.of("localhost").withSslContext(HubTls.sslContext(hub.certificate())),
            DeviceClientOptions.defaults(),
            request -> StreamDecision.reject("no streams here"),
            null);
    client.start();
    return client;
  }

  /** Polls the condition every 100 ms for at most 30 s. */
  private static void awaitTrue(Condition condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true within 30 s");
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  /** A condition that may call the SDK. */
  @FunctionalInterface
  private interface Condition {
    boolean holds() throws Exception;
  }

  @Test
  void queryReturnsTwinsWithTheDevicesState() throws Exception {
    Device off = new Device(id("twin"));
    off.setStatus(DeviceStatus.Disabled);
    registry.addDevice(off);

    TwinQueryResponse response =
        query.queryTwins("SELECT * FROM devices WHERE deviceId = '" + id("twin") + "'");
    Twin twin = response.next();

    assertThat(twin.getDeviceId()).isEqualTo(id("twin"));
    assertThat(twin.getStatus().toString()).isEqualToIgnoringCase("disabled");
    assertThat(twin.getConnectionState()).isEqualToIgnoringCase("Disconnected");
    assertThat(response.hasNext()).isFalse();
  }

  @Test
  void aQueryOutsideTheSupportedLanguageIsABadFormatWithTheReason() {
    assertThatThrownBy(() -> query.queryTwins("SELECT * FROM devices WHERE tags.site = 'x'"))
        .isInstanceOf(IotHubBadFormatException.class)
        .hasMessageContaining("field 'tags.site' is not supported");
  }

  private List<String> queryIds(String sql, int pageSize) throws IOException, IotHubException {
    QueryPageOptions options = QueryPageOptions.builder().pageSize(pageSize).build();
    TwinQueryResponse response = query.queryTwins(sql, options);
    List<String> ids = new ArrayList<>();
    while (response.hasNext()) {
      ids.add(response.next(options).getDeviceId());
    }
    return ids;
  }

  private void assertNotFound(String deviceId) {
    assertThatThrownBy(() -> registry.getDevice(deviceId))
        .isInstanceOf(IotHubNotFoundException.class)
        .hasMessageStartingWith("ErrorCode:DeviceNotFound;");
  }
}
