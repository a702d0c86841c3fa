package io.devstreams.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.ControlMessages;
import io.devstreams.protocol.SasToken;
import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.StreamResponse;
import io.devstreams.protocol.tunnel.HubEndpoint;
import io.devstreams.protocol.tunnel.HubTls;
import io.devstreams.protocol.tunnel.StreamChannel;
import io.devstreams.protocol.tunnel.TestCertificates;
import io.devstreams.protocol.tunnel.TestWebSocketServer;
import io.devstreams.protocol.tunnel.TestWebSocketServer.Connection;
import io.devstreams.protocol.tunnel.TestWebSocketServer.Frame;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceClientTest {

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();

  @TempDir static Path dir;
  private static TestCertificates certificates;

  private final CountDownLatch release = new CountDownLatch(1);
  private final RecordingListener listener = new RecordingListener();
  private TestWebSocketServer hub;
  private HubEndpoint endpoint;
  private ConnectionString device;
  private DeviceClient client;

  @BeforeAll
  static void makeCertificate() throws Exception {
    certificates = TestCertificates.create(dir);
  }

  @BeforeEach
  void startHub() throws Exception {
    hub =
        TestWebSocketServer.startTls(
            certificates.serverContext().getServerSocketFactory(),
            connection -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    endpoint = HubEndpoint.of(hub.hostName()).withSslContext(HubTls.sslContext(certificates.pem()));
    device =
        ConnectionString.forDevice(hub.hostName(), "dev1", Base64.getEncoder().encodeToString(KEY));
  }

  @AfterEach
  void stopHub() throws IOException {
    release.countDown();
    hub.close();
    if (client != null) {
      client.close();
    }
  }

  @Test
  void connectsWithAFreshDeviceSasTokenInTheAuthorizationHeader() throws Exception {
    start(request -> StreamDecision.reject("no"), DeviceClientOptions.defaults());

    Connection control = hub.nextConnection();

    assertThat(control.path()).isEqualTo("/devices/dev1/streams");
    SasToken token = SasToken.parse(control.header("Authorization"));
    assertThat(token.isForResource(hub.hostName() + "/devices/dev1")).isTrue();
    assertThat(token.signatureMatches(KEY)).isTrue();
  }

  @Test
  void answersARequestWithTheHandlersRejectionAndReason() throws Exception {
    start(request -> StreamDecision.reject("no service named 'x' on this device"), fast());
    Connection control = upgraded();

    control.sendText(request("r1", "x"));

    assertThat(nextResponse(control))
        .isEqualTo(new StreamResponse("r1", false, "no service named 'x' on this device"));
  }

  @Test
  void acceptedStreamIsOpenedWithItsBearerTokenAndHandedOver() throws Exception {
    CompletableFuture<StreamChannel> opened = new CompletableFuture<>();
    start(
        request ->
            StreamDecision.accept(
                new AcceptedStream() {
                  @Override
                  public void opened(io.devstreams.protocol.tunnel.TunnelStream channel) {
                    opened.complete((StreamChannel) channel);
                  }

                  @Override
                  public void failed(Throwable error) {
                    opened.completeExceptionally(error);
                  }
                }),
        fast());
    Connection control = upgraded();

    control.sendText(request("r2", "ssh"));

    assertThat(nextResponse(control)).isEqualTo(new StreamResponse("r2", true, null));
    Connection stream = hub.nextConnection();
    assertThat(stream.path()).isEqualTo("/streams/s-r2");
    assertThat(stream.header("Authorization")).isEqualTo("Bearer token-r2");
    stream.upgrade();
    StreamChannel channel = opened.get(10, TimeUnit.SECONDS);
    assertThat(channel.id()).isEqualTo("s-r2");
    channel.close(1000, "");
  }

  @Test
  void requestsAreDecidedConcurrently() throws Exception {
    CountDownLatch bothInFlight = new CountDownLatch(2);
    start(
        request -> {
          bothInFlight.countDown();
          try {
            return bothInFlight.await(10, TimeUnit.SECONDS)
                ? StreamDecision.reject("both were in flight")
                : StreamDecision.reject("decided one at a time");
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        },
        fast());
    Connection control = upgraded();

    control.sendText(request("r5", "a"));
    control.sendText(request("r6", "b"));

    assertThat(nextResponse(control).reason()).isEqualTo("both were in flight");
    assertThat(nextResponse(control).reason()).isEqualTo("both were in flight");
  }

  @Test
  void handlerExceptionIsARejection() throws Exception {
    start(
        request -> {
          throw new IllegalStateException("boom");
        },
        fast());
    Connection control = upgraded();

    control.sendText(request("r3", "ssh"));

    assertThat(nextResponse(control))
        .isEqualTo(new StreamResponse("r3", false, "the device failed to handle the request"));
  }

  @Test
  void malformedAndUnexpectedControlMessagesAreIgnored() throws Exception {
    start(request -> StreamDecision.reject("no"), fast());
    Connection control = upgraded();

    control.sendText("not json");
    control.sendText("{\"type\":\"fin\"}");
    control.sendText("{\"type\":\"fromTheFuture\"}");
    control.sendBinary(new byte[] {1, 2, 3});
    control.sendText(request("r4", "ssh"));

    assertThat(nextResponse(control).requestId()).isEqualTo("r4");
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void reconnectsWhenTheHubClosesWith4007() throws Exception {
    start(request -> StreamDecision.reject("no"), fast());
    Connection first = upgraded();

    first.sendClose(4007, "hub restarting");
    first.awaitClose();

    assertThat(listener.next())
        .isEqualTo(
            "disconnected: disconnected from "
                + hub.hostName()
                + ": closed with 4007 (hub is shutting down): hub restarting");
    assertThat(hub.nextConnection().path()).isEqualTo("/devices/dev1/streams");
  }

  @Test
  void retriesAfterARefusedHandshake() throws Exception {
    start(request -> StreamDecision.reject("no"), fast());

    hub.nextConnection().refuse(401);

    assertThat(listener.next())
        .startsWith(
            "disconnected: cannot connect to " + hub.hostName() + ": HTTP 401 from the hub");
    hub.nextConnection().upgrade();
    assertThat(listener.next()).isEqualTo("connected");
  }

  @Test
  void waitsAtLeastTheRetryAfterOfAThrottledHandshake() throws Exception {
    start(request -> StreamDecision.reject("no"), fast());

    hub.nextConnection().refuse(429, "Retry-After: 2");
    long refused = System.nanoTime();

    assertThat(listener.next())
        .isEqualTo(
            "disconnected: cannot connect to "
                + hub.hostName()
                + ": HTTP 429 from the hub (throttled)");
    // 2 s, plus the backoff's jitter (at most 50 ms here) so that a fleet does not return at once.
    assertThat(listener.lastRetryIn())
        .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(2).plusMillis(50));
    hub.nextConnection().upgrade();
    assertThat(Duration.ofNanos(System.nanoTime() - refused))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(listener.next()).isEqualTo("connected");
  }

  @Test
  void aRetryAfterBeyondFiveMinutesIsTakenAsFive() throws Exception {
    start(request -> StreamDecision.reject("no"), fast());

    hub.nextConnection().refuse(503, "Retry-After: 86400");

    assertThat(listener.next()).contains("HTTP 503 from the hub");
    assertThat(listener.lastRetryIn())
        .isBetween(Duration.ofMinutes(5), Duration.ofMinutes(5).plusMillis(50));
  }

  @Test
  void stopsForGoodWhenReplacedBy4004() throws Exception {
    start(request -> StreamDecision.reject("no"), fast());
    Connection control = upgraded();

    control.sendClose(4004, "replaced");

    assertThat(client.stopped().get(10, TimeUnit.SECONDS)).isEqualTo(StopReason.REPLACED);
    assertThat(listener.next()).isEqualTo("stopped: REPLACED");
    assertThat(listener.remaining()).isEmpty();
  }

  @Test
  void closeSendsNormalClosureWithItsReason() throws Exception {
    start(request -> StreamDecision.reject("no"), fast());
    Connection control = upgraded();

    CompletableFuture.runAsync(() -> client.close("agent stopping"));

    Frame close = control.awaitClose();
    assertThat(close.closeCode()).isEqualTo(1000);
    assertThat(close.closeReason()).isEqualTo("agent stopping");
    assertThat(client.stopped().get(10, TimeUnit.SECONDS)).isEqualTo(StopReason.CLOSED);
  }

  @Test
  void silentHubIsDroppedAfterThreePingIntervalsAndReconnected() throws Exception {
    start(request -> StreamDecision.reject("no"), fast().withPingInterval(Duration.ofMillis(100)));
    upgraded();

    assertThat(listener.next())
        .isEqualTo(
            "disconnected: disconnected from "
                + hub.hostName()
                + ": no answer from the hub for 0.3 s");
    assertThat(hub.nextConnection().path()).isEqualTo("/devices/dev1/streams");
  }

  private void start(StreamRequestHandler handler, DeviceClientOptions options) {
    client =
        new DeviceClient(
            device,
            endpoint,
            options.withProtocol(1), // the fake hub here speaks v1's control channel
            handler,
            listener,
            java.time.Clock.systemUTC(),
            () -> 1.0);
    client.start();
  }

  private static DeviceClientOptions fast() {
    return DeviceClientOptions.defaults()
        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(30));
  }

  private Connection upgraded() throws Exception {
    Connection control = hub.nextConnection();
    control.upgrade();
    assertThat(listener.next()).isEqualTo("connected");
    return control;
  }

  private String request(String id, String name) {
    return ControlMessages.encode(
        new StreamRequest(id, name, hub.uri("/streams/s-" + id).toString(), "token-" + id));
  }

  private static StreamResponse nextResponse(Connection control) throws IOException {
    while (true) {
      Frame frame = control.read();
      if (frame.opcode() == Frame.TEXT) {
        return (StreamResponse) ControlMessages.decode(frame.text());
      }
    }
  }
}
