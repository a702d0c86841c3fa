package io.devstreams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.tunnel.StreamChannel;
import io.devstreams.protocol.tunnel.TestWebSocketServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceClientTest {

  private static final String TOKEN = "service-token-0123456789abcdef";
  private static final String URL = "wss://hub.example:443/streams/s-0123456789abcdef";

  @TempDir static Path dir;
  private static TestCertificates certificates;
  private static TestHub hub;
  private ServiceClient client;

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
    client = new ServiceClient(HubConnection.open(hub.ownerConnectionString(), options));
    while (!hub.noMoreRequests()) {
      hub.take();
    }
  }

  @Test
  void acceptedStreamIsAGrantWithTheUrlAndTokenFromTheHeaders() throws Exception {
    hub.replyAccepted(URL, TOKEN);

    StreamGrant grant = client.createStream("dev1", "ssh", StreamTimeouts.HUB_DEFAULTS);

    assertThat(grant.url()).isEqualTo(URI.create(URL));
    assertThat(grant.authToken()).isEqualTo(TOKEN);
    assertThat(grant.streamId()).isEqualTo("s-0123456789abcdef");
    assertThat(grant.deviceId()).isEqualTo("dev1");
    assertThat(grant.serviceName()).isEqualTo("ssh");
  }

  @Test
  void streamRequestIsASignedPostWithoutBodyOrTimeoutHeadersByDefault() throws Exception {
    hub.replyAccepted(URL, TOKEN);

    client.createStream("dev1", "ssh", StreamTimeouts.HUB_DEFAULTS);

    TestHub.Request request = hub.take();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/twins/dev1/streams/ssh");
    assertThat(request.body()).isEmpty();
    assertThat(request.header("iothub-streaming-connect-timeout-in-seconds")).isNull();
    assertThat(request.header("iothub-streaming-response-timeout-in-seconds")).isNull();
    hub.assertAuthorized(request);
  }

  @Test
  void givenTimeoutsAreSentAsWholeSecondsInTheAzureHeaders() throws Exception {
    hub.replyAccepted(URL, TOKEN);

    client.createStream("dev1", "ssh", StreamTimeouts.ofSeconds(0, 45));

    TestHub.Request request = hub.take();
    assertThat(request.header("iothub-streaming-connect-timeout-in-seconds")).isEqualTo("0");
    assertThat(request.header("iothub-streaming-response-timeout-in-seconds")).isEqualTo("45");
  }

  @Test
  void deviceIdAndServiceNameArePercentEncodedInThePath() throws Exception {
    hub.replyAccepted(URL, TOKEN);

    client.createStream("dev:1@site", "my_svc.2", StreamTimeouts.HUB_DEFAULTS);

    assertThat(hub.take().path()).isEqualTo("/twins/dev%3A1%40site/streams/my_svc.2");
  }

  @Test
  void rejectedStreamCarriesTheDevicesReason() throws Exception {
    hub.replyRejected("no service named 'x' on this device");

    assertThatThrownBy(() -> client.createStream("dev1", "x", StreamTimeouts.HUB_DEFAULTS))
        .isInstanceOfSatisfying(
            StreamRejectedException.class,
            e -> {
              assertThat(e.reason()).isEqualTo("no service named 'x' on this device");
              assertThat(e.deviceId()).isEqualTo("dev1");
              assertThat(e.serviceName()).isEqualTo("x");
            })
        .hasMessage("device dev1 rejected the stream: no service named 'x' on this device");
    hub.take();
  }

  @Test
  void rejectionWithoutAReadableBodyIsStillARejection() throws Exception {
    hub.reply(200, "", "iothub-streaming-is-accepted", "False");

    assertThatThrownBy(() -> client.createStream("dev1", "x", StreamTimeouts.HUB_DEFAULTS))
        .isInstanceOf(StreamRejectedException.class)
        .hasMessage("device dev1 rejected the stream (no reason given)");
    hub.take();
  }

  @Test
  void unknownDeviceIsDeviceNotFound() throws Exception {
    hub.replyProblem(404, 404001, "Device 'ghost' not found");

    assertThatThrownBy(() -> client.createStream("ghost", "ssh", StreamTimeouts.HUB_DEFAULTS))
        .isInstanceOfSatisfying(
            DeviceNotFoundException.class, e -> assertThat(e.deviceId()).isEqualTo("ghost"));
    hub.take();
  }

  @Test
  void offlineDeviceIsA404103WithTheHubsDetail() throws Exception {
    hub.replyProblem(404, 404103, "device 'dev1' did not come online within 0 s");

    assertThatThrownBy(() -> client.createStream("dev1", "ssh", StreamTimeouts.HUB_DEFAULTS))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e).isNotInstanceOf(DeviceNotFoundException.class);
              assertThat(e.errorCode()).hasValue(404103);
            })
        .hasMessage("device 'dev1' did not come online within 0 s");
    hub.take();
  }

  @Test
  void deviceThatDoesNotAnswerIsA504101() throws Exception {
    hub.replyProblem(504, 504101, "device 'dev1' did not answer within 30 s");

    assertThatThrownBy(() -> client.createStream("dev1", "ssh", StreamTimeouts.HUB_DEFAULTS))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.errorCode()).hasValue(504101))
        .hasMessage("device 'dev1' did not answer within 30 s");
    hub.take();
  }

  @Test
  void policyWithoutServiceConnectIsA403() throws Exception {
    hub.replyProblem(403, 403006, "ServiceConnect is required");

    assertThatThrownBy(() -> client.createStream("dev1", "ssh", StreamTimeouts.HUB_DEFAULTS))
        .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.status()).isEqualTo(403));
    hub.take();
  }

  @Test
  void acceptanceWithoutATokenIsABadResponse() throws Exception {
    hub.reply(200, "", "iothub-streaming-is-accepted", "True", "iothub-streaming-url", URL);

    assertThatThrownBy(() -> client.createStream("dev1", "ssh", StreamTimeouts.HUB_DEFAULTS))
        .isInstanceOfSatisfying(
            HubConnectionException.class,
            e -> assertThat(e.reason()).isEqualTo(HubConnectionException.Reason.BAD_RESPONSE))
        .hasMessageEndingWith("no iothub-streaming-auth-token header");
    hub.take();
  }

  @Test
  void streamUrlThatIsNotAWebSocketUrlIsABadResponse() throws Exception {
    hub.replyAccepted("https://hub.example/streams/s1", TOKEN);

    assertThatThrownBy(() -> client.createStream("dev1", "ssh", StreamTimeouts.HUB_DEFAULTS))
        .isInstanceOf(HubConnectionException.class)
        .hasMessageEndingWith("iothub-streaming-url is not a ws:// or wss:// URL");
    hub.take();
  }

  @Test
  void invalidStreamNameIsRefusedBeforeAnythingIsSent() {
    assertThatThrownBy(() -> client.createStream("dev1", "a/b", StreamTimeouts.HUB_DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stream name");
    assertThat(hub.noMoreRequests()).isTrue();
  }

  @Test
  void grantNeverShowsItsToken() {
    StreamGrant grant = new StreamGrant("dev1", "ssh", URI.create(URL), TOKEN);

    assertThat(grant.toString()).doesNotContain(TOKEN).contains("<redacted>").contains(URL);
  }

  @Test
  void timeoutsMustBeWholeSecondsInRange() {
    assertThatThrownBy(() -> StreamTimeouts.ofSeconds(-1, null))
        .hasMessage("connect timeout must be a whole number of seconds, 0 or more");
    assertThatThrownBy(() -> StreamTimeouts.ofSeconds(null, 0))
        .hasMessage("response timeout must be a whole number of seconds, 1 or more");
    assertThatThrownBy(() -> new StreamTimeouts(Duration.ofMillis(1500), null))
        .hasMessage("connect timeout must be a whole number of seconds, 0 or more");
  }

  @Test
  void activeStreamsReadsTheHubsList() throws Exception {
    hub.replyJson(
        200,
        "[{\"streamId\":\"s1\",\"deviceId\":\"dev1\",\"name\":\"ssh\",\"ageSeconds\":75,"
            + "\"bytesFromDevice\":2048,\"bytesFromService\":512}]");

    assertThat(client.activeStreams())
        .containsExactly(new ActiveStream("s1", "dev1", "ssh", 75, 2048, 512));
    TestHub.Request request = hub.take();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/streams");
    hub.assertAuthorized(request);
  }

  @Test
  void streamHistoryFollowsTheContinuationUntilTheLimit() throws Exception {
    String entry =
        "{\"time\":\"2025-01-01T00:00:00Z\",\"requestedBy\":\"service\",\"deviceId\":\"dev1\","
            + "\"name\":\"ssh\",\"outcome\":\"offline\",\"durationSeconds\":0,"
            + "\"bytesFromDevice\":0,\"bytesFromService\":0}";
    hub.replyJson(200, "[" + entry + "," + entry + "]", "x-ms-continuation", "next-1");
    hub.replyJson(200, "[" + entry + "," + entry + "]", "x-ms-continuation", "next-2");

    List<StreamHistoryEntry> entries = client.streamHistory("dev:1", 3);

    assertThat(entries).hasSize(3).allMatch(e -> e.outcome().equals("offline"));
    TestHub.Request first = hub.take();
    assertThat(first.path()).isEqualTo("/streams/history");
    assertThat(first.query()).isEqualTo("top=3&deviceId=dev%3A1");
    assertThat(first.header("x-ms-continuation")).isNull();
    assertThat(hub.take().header("x-ms-continuation")).isEqualTo("next-1");
    assertThat(hub.noMoreRequests()).isTrue();
  }

  @Test
  void openStreamJoinsWithTheGrantsBearerToken() throws Exception {
    try (TestWebSocketServer streaming = TestWebSocketServer.start(TestWebSocketServer.echo())) {
      StreamGrant grant = new StreamGrant("dev1", "ssh", streaming.uri("/streams/s-42"), TOKEN);

      StreamChannel channel = client.openStream(grant);

      TestWebSocketServer.Connection joined = streaming.nextConnection();
      assertThat(joined.path()).isEqualTo("/streams/s-42");
      assertThat(joined.header("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(channel.id()).isEqualTo("s-42");
      channel.close(1000, "");
    }
  }

  @Test
  void refusedJoinIsAStreamOpenExceptionWithTheStatus() throws Exception {
    try (TestWebSocketServer streaming =
        TestWebSocketServer.start(TestWebSocketServer.refuse(401))) {
      StreamGrant grant = new StreamGrant("dev1", "ssh", streaming.uri("/streams/s-42"), TOKEN);

      assertThatThrownBy(() -> client.openStream(grant))
          .isInstanceOf(StreamOpenException.class)
          .hasMessageStartingWith("cannot open stream s-42: HTTP 401 from the hub")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }
  }
}
