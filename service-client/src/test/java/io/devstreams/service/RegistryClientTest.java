package io.devstreams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.SasKeys;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryClientTest {

  private static final String PRIMARY = SasKeys.generate();
  private static final String SECONDARY = SasKeys.generate();

  @TempDir static Path dir;
  private static TestCertificates certificates;
  private static TestHub hub;
  private RegistryClient registry;

  @BeforeAll
  static void startHub() throws Exception {
    certificates = TestCertificates.create(dir, "hub");
    hub = TestHub.start(certificates);
  }

  @AfterAll
  static void stopHub() {
    hub.close();
  }

  @BeforeEach
  void connect() throws InterruptedException {
    ClientOptions options = ClientOptions.defaults().withTrustCertificate(certificates.pem());
    registry = new RegistryClient(HubConnection.open(hub.ownerConnectionString(), options));
    while (!hub.noMoreRequests()) {
      hub.take();
    }
  }

  static String deviceJson(String id, String etag, String status) {
    return "{\"deviceId\":\""
        + id
        + "\",\"generationId\":\"638000000000000001\",\"etag\":\""
        + etag
        + "\",\"status\":\""
        + status
        + "\",\"statusReason\":null,\"connectionState\":\"Disconnected\","
        + "\"connectionStateUpdatedTime\":\"0001-01-01T00:00:00Z\","
        + "\"lastActivityTime\":\"2026-01-02T03:04:05Z\",\"capabilities\":{\"iotEdge\":false},"
        + "\"authentication\":{\"type\":\"sas\",\"symmetricKey\":{\"primaryKey\":\""
        + PRIMARY
        + "\",\"secondaryKey\":\""
        + SECONDARY
        + "\"},\"x509Thumbprint\":{\"primaryThumbprint\":null,\"secondaryThumbprint\":null}}}";
  }

  @Test
  void createPutsOnlyTheIdAndReturnsTheDeviceWithHubGeneratedKeys() throws Exception {
    hub.replyJson(200, deviceJson("dev1", "ZTE=", "enabled"));

    Device device = registry.create("dev1");

    TestHub.Request request = hub.take();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.path()).isEqualTo("/devices/dev1");
    assertThat(request.body()).isEqualTo("{\"deviceId\":\"dev1\"}");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("If-Match")).isNull();
    hub.assertAuthorized(request);
    assertThat(device.deviceId()).isEqualTo("dev1");
    assertThat(device.etag()).isEqualTo("ZTE=");
    assertThat(device.primaryKey()).isEqualTo(PRIMARY);
    assertThat(device.authentication().symmetricKey().secondaryKey()).isEqualTo(SECONDARY);
    assertThat(device.lastActivityTime()).isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void getEncodesTheDeviceIdAsOnePathSegment() throws Exception {
    hub.replyJson(200, deviceJson("a:b$c?d'e", "ZTE=", "enabled"));

    Device device = registry.get("a:b$c?d'e");

    TestHub.Request request = hub.take();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/devices/a%3Ab%24c%3Fd%27e");
    assertThat(request.query()).isNull();
    hub.assertAuthorized(request);
    assertThat(device.deviceId()).isEqualTo("a:b$c?d'e");
  }

  @Test
  void listFollowsTheContinuationHeaderUntilTheHubSendsNone() throws Exception {
    hub.replyJson(
        200,
        "[" + deviceJson("a", "1", "enabled") + "," + deviceJson("b", "2", "enabled") + "]",
        "x-ms-continuation",
        "cursor-1");
    hub.replyJson(200, "[" + deviceJson("c", "3", "disabled") + "]");

    List<Device> devices = registry.list();

    TestHub.Request first = hub.take();
    TestHub.Request second = hub.take();
    assertThat(first.method()).isEqualTo("GET");
    assertThat(first.path()).isEqualTo("/devices");
    assertThat(first.query()).isEqualTo("top=1000");
    assertThat(first.header("x-ms-continuation")).isNull();
    assertThat(second.query()).isEqualTo("top=1000");
    assertThat(second.header("x-ms-continuation")).isEqualTo("cursor-1");
    hub.assertAuthorized(second);
    assertThat(devices).extracting(Device::deviceId).containsExactly("a", "b", "c");
    assertThat(hub.noMoreRequests()).isTrue();
  }

  @Test
  void listOfAnEmptyRegistryIsEmpty() throws Exception {
    hub.replyJson(200, "[]");

    assertThat(registry.list()).isEmpty();
    hub.take();
  }

  @Test
  void setStatusWritesTheWholeDeviceBackWithIfMatchOnItsEtag() throws Exception {
    hub.replyJson(200, deviceJson("dev1", "ZTE=", "enabled"));
    hub.replyJson(200, deviceJson("dev1", "ZTI=", "disabled"));

    Device updated = registry.setStatus("dev1", DeviceStatus.DISABLED, "stolen");

    assertThat(hub.take().method()).isEqualTo("GET");
    TestHub.Request put = hub.take();
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.path()).isEqualTo("/devices/dev1");
    assertThat(put.header("If-Match")).isEqualTo("\"ZTE=\"");
    hub.assertAuthorized(put);
    Device sent = Json.read(put.body(), Device.class);
    assertThat(sent.status()).isEqualTo("disabled");
    assertThat(sent.statusReason()).isEqualTo("stolen");
    assertThat(sent.primaryKey()).isEqualTo(PRIMARY);
    assertThat(sent.authentication().symmetricKey().secondaryKey()).isEqualTo(SECONDARY);
    assertThat(updated.etag()).isEqualTo("ZTI=");
  }

  @Test
  void rotateKeyMakesANewPrimaryAndKeepsTheOldPrimaryAsSecondary() throws Exception {
    hub.replyJson(200, deviceJson("dev1", "ZTE=", "enabled"));
    hub.replyJson(200, deviceJson("dev1", "ZTI=", "enabled"));

    registry.rotateKey("dev1");

    hub.take();
    TestHub.Request put = hub.take();
    assertThat(put.method()).isEqualTo("PUT");
    assertThat(put.header("If-Match")).isEqualTo("\"ZTE=\"");
    Device sent = Json.read(put.body(), Device.class);
    assertThat(sent.primaryKey()).isNotEqualTo(PRIMARY);
    assertThat(SasKeys.decode(sent.primaryKey())).hasSize(SasKeys.KEY_BYTES);
    assertThat(sent.authentication().symmetricKey().secondaryKey()).isEqualTo(PRIMARY);
    assertThat(sent.authentication().type()).isEqualTo("sas");
  }

  @Test
  void deleteSendsIfMatchStar() throws Exception {
    hub.reply(204, "");

    registry.delete("dev1");

    TestHub.Request request = hub.take();
    assertThat(request.method()).isEqualTo("DELETE");
    assertThat(request.path()).isEqualTo("/devices/dev1");
    assertThat(request.header("If-Match")).isEqualTo("*");
    hub.assertAuthorized(request);
  }

  @Test
  void unknownDeviceIsDeviceNotFound() throws Exception {
    hub.replyProblem(404, 404001, "Device 'ghost' not found");

    assertThatThrownBy(() -> registry.get("ghost"))
        .isInstanceOfSatisfying(
            DeviceNotFoundException.class,
            e -> {
              assertThat(e.deviceId()).isEqualTo("ghost");
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.errorCode()).hasValue(404001);
              assertThat(e.getMessage()).isEqualTo("Device 'ghost' not found");
            });
    hub.take();
  }

  @Test
  void problemJsonBecomesHubExceptionWithStatusCodeAndDetail() throws Exception {
    hub.replyProblem(409, 409001, "A device with id 'dev1' already exists");

    assertThatThrownBy(() -> registry.create("dev1"))
        .isExactlyInstanceOf(HubException.class)
        .hasMessage("A device with id 'dev1' already exists")
        .satisfies(
            e -> {
              HubException answer = (HubException) e;
              assertThat(answer.status()).isEqualTo(409);
              assertThat(answer.errorCode()).hasValue(409001);
              assertThat(answer.knownErrorCode())
                  .contains(io.devstreams.protocol.ErrorCode.DEVICE_ALREADY_EXISTS);
            });
    hub.take();
  }

  @Test
  void errorCodeIsTakenFromTheHeaderWhenTheBodyHasNone() throws Exception {
    hub.reply(
        401,
        "{\"title\":\"Unauthorized\",\"status\":401}",
        "Content-Type",
        "application/problem+json",
        "iothub-errorcode",
        "401002");

    assertThatThrownBy(() -> registry.list())
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.errorCode()).hasValue(401002);
              assertThat(e.getMessage()).isEqualTo("Unauthorized");
            });
    hub.take();
  }

  @Test
  void a404ThatIsNotProblemJsonIsNotMistakenForAMissingDevice() throws Exception {
    hub.reply(404, "<html>Not Found</html>", "Content-Type", "text/html");

    assertThatThrownBy(() -> registry.get("dev1"))
        .isExactlyInstanceOf(HubException.class)
        .hasMessage("no explanation (HTTP 404)");
    hub.take();
  }

  @Test
  void staleEtagOnUpdateIs412() throws Exception {
    hub.replyJson(200, deviceJson("dev1", "ZTE=", "enabled"));
    hub.replyProblem(412, 412001, "The etag does not match");

    assertThatThrownBy(() -> registry.setStatus("dev1", DeviceStatus.DISABLED, null))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isEqualTo(412));
    hub.take();
    hub.take();
  }

  @Test
  void answerThatIsNotJsonIsABadResponse() throws Exception {
    hub.reply(200, "this is not json", "Content-Type", "application/json");

    assertThatThrownBy(() -> registry.get("dev1"))
        .isInstanceOfSatisfying(
            HubConnectionException.class,
            e -> assertThat(e.reason()).isEqualTo(HubConnectionException.Reason.BAD_RESPONSE))
        .hasMessageContaining("GET /devices/dev1");
    hub.take();
  }

  @Test
  void invalidDeviceIdIsRejectedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> registry.get("a/b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'/' at position 1");
    assertThat(hub.noMoreRequests()).isTrue();
  }

  @Test
  void hubCertificateNotInTheTrustedFileIsUntrusted() throws Exception {
    TestCertificates other = TestCertificates.create(dir, "other");
    ClientOptions options = ClientOptions.defaults().withTrustCertificate(other.pem());
    RegistryClient client =
        new RegistryClient(HubConnection.open(hub.ownerConnectionString(), options));

    assertThatThrownBy(client::list)
        .isInstanceOfSatisfying(
            HubConnectionException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(HubConnectionException.Reason.UNTRUSTED_CERTIFICATE))
        .hasMessage("the certificate of the hub at https://" + hub.hostName() + " is not trusted");
  }

  @Test
  void closedPortIsUnreachableWithConnectionRefused() throws Exception {
    int port;
    try (ServerSocket socket =
        new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    var closed =
        io.devstreams.protocol.ConnectionString.forService(
            "127.0.0.1:" + port, "iothubowner", SasKeys.generate());
    RegistryClient client =
        new RegistryClient(HubConnection.open(closed, ClientOptions.defaults()));

    assertThatThrownBy(client::list)
        .isInstanceOfSatisfying(
            HubConnectionException.class,
            e -> assertThat(e.reason()).isEqualTo(HubConnectionException.Reason.UNREACHABLE))
        .hasMessage("cannot reach hub at https://127.0.0.1:" + port + ": connection refused");
  }
}
