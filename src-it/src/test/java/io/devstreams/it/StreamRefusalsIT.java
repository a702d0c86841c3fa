package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.Headers;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every way a stream can be refused or broken, against the real hub over real TLS: bad, expired,
 * replayed and misplaced stream tokens, a second join, a peer that never joins, broken frames, a
 * device that rejects or never answers, and control channels that must not open. The device is
 * played by the test ({@link FakeDevice}), so the test holds both sides' tokens; the streaming
 * endpoint is spoken by hand ({@link RawWebSocket}), so the test sees the real HTTP status and
 * close codes. Last, a proper stream still works on the same hub and nothing was left behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamRefusalsIT {
  /** Short, so that deadlines pass within a test: both sides must join within this. */
  private static final Duration HANDSHAKE = Duration.ofSeconds(3);

  /**
   * Sent on every stream request; the hub's deadline for joining is this plus {@link #HANDSHAKE}
   * (it counts the time the device may take to answer).
   */
  private static final int RESPONSE_TIMEOUT_SECONDS = 2;

  private static final Duration JOIN_DEADLINE = HANDSHAKE.plusSeconds(RESPONSE_TIMEOUT_SECONDS);

  /** The hub sweeps deadlines once a second; allow that and some scheduling slack. */
  private static final Duration SWEEP_SLACK = Duration.ofSeconds(3);

  private static final Duration IO = Duration.ofSeconds(10);
  private static final Pattern PRIMARY = Pattern.compile("\"primaryKey\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern ETAG = Pattern.compile("\"etag\"\\s*:\\s*\"([^\"]+)\"");
  private static final AtomicInteger NAMES = new AtomicInteger();

  private static HubProcess hub;
  private static HubHttp http;
  private static HubMetrics metrics;
  private static String owner;
  private static String dev1Key;
  private static FakeDevice device;

  /** A stream the fake device accepted: its path and both sides' single-use tokens. */
  private record Stream(String id, String path, String deviceToken, String serviceToken) {}

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "stream-refusals-").toAbsolutePath();
    hub =
        HubProcess.start(
            dir.resolve("hub"),
            Map.of(
                "DEVSTREAMS_HUB_JAVA_OPTS", "-Ddevstreams.streams.handshake-timeout=" + HANDSHAKE));
    http = new HubHttp(hub);
    metrics = new HubMetrics(http);
    owner = http.policyToken("iothubowner");
    dev1Key = createDevice("dev1", "{}");
    createDevice("dev10", "{}");
    createDevice("other", "{}");
    device = FakeDevice.connect(hub, "dev1", dev1Key);
  }

  @AfterAll
  static void stop() {
    if (device != null) {
      device.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  // ---- stream tokens -------------------------------------------------------------------------

  @Test
  void garbageBearerTokenIsRefusedWith401ProblemJsonNever101() {
    Stream s = openStream();
    try (RawWebSocket ws = RawWebSocket.join(hub, s.path(), "garbage-" + s.serviceToken())) {
      assertUnauthorized(ws.response());
    }
  }

  @Test
  void tokenPresentedAfterTheJoinDeadlineIsRefused() {
    Stream s = openStream();
    try (RawWebSocket deviceSide = RawWebSocket.join(hub, s.path(), s.deviceToken())) {
      assertThat(deviceSide.upgraded()).as("%s", deviceSide.response()).isTrue();
      // The hub's own signal that the deadline has passed: it gives up on the service side.
      assertThat(deviceSide.awaitClose(JOIN_DEADLINE.plus(SWEEP_SLACK).plus(IO)).closeCode())
          .isEqualTo(CloseCodes.PEER_NEVER_JOINED);
    }
    try (RawWebSocket late = RawWebSocket.join(hub, s.path(), s.serviceToken())) {
      assertUnauthorized(late.response());
    }
  }

  @Test
  void tokensOfAFinishedStreamCannotBeReplayed() {
    Stream s = openStream();
    try (RawWebSocket deviceSide = RawWebSocket.join(hub, s.path(), s.deviceToken());
        RawWebSocket serviceSide = RawWebSocket.join(hub, s.path(), s.serviceToken())) {
      assertThat(deviceSide.upgraded()).isTrue();
      assertThat(serviceSide.upgraded()).isTrue();
      serviceSide.sendBinary(bytes("ping"));
      assertThat(deviceSide.readData(4, IO)).isEqualTo(bytes("ping"));
      serviceSide.sendClose(CloseCodes.NORMAL);
      assertThat(deviceSide.awaitClose(IO).closeCode()).isEqualTo(CloseCodes.NORMAL);
      assertThat(serviceSide.awaitClose(IO).closeCode()).isEqualTo(CloseCodes.NORMAL);
    }
    for (String token : new String[] {s.serviceToken(), s.deviceToken()}) {
      try (RawWebSocket replay = RawWebSocket.join(hub, s.path(), token)) {
        assertUnauthorized(replay.response());
      }
    }
  }

  @Test
  void tokensOfOneStreamAreRefusedOnAnother() {
    Stream a = openStream();
    Stream b = openStream();
    for (String token : new String[] {a.serviceToken(), a.deviceToken()}) {
      try (RawWebSocket ws = RawWebSocket.join(hub, b.path(), token)) {
        assertUnauthorized(ws.response());
      }
    }
  }

  @Test
  void unknownStreamIdGetsTheSameAnswerAsABadToken() {
    Stream s = openStream();
    String badTokenBody;
    try (RawWebSocket ws = RawWebSocket.join(hub, s.path(), "not-the-token")) {
      badTokenBody = assertUnauthorized(ws.response());
    }
    byte[] id = new byte[16];
    new java.security.SecureRandom().nextBytes(id);
    String unknown = "/streams/" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    try (RawWebSocket ws = RawWebSocket.join(hub, unknown, s.serviceToken())) {
      assertThat(assertUnauthorized(ws.response()))
          .as("no way to probe ids")
          .isEqualTo(badTokenBody);
    }
  }

  @Test
  void secondJoinOnTheSameSideIsRefusedAndTheFirstKeepsWorking() {
    Stream s = openStream();
    try (RawWebSocket first = RawWebSocket.join(hub, s.path(), s.deviceToken())) {
      assertThat(first.upgraded()).isTrue();
      try (RawWebSocket second = RawWebSocket.join(hub, s.path(), s.deviceToken())) {
        assertUnauthorized(second.response());
      }
      try (RawWebSocket serviceSide = RawWebSocket.join(hub, s.path(), s.serviceToken())) {
        assertThat(serviceSide.upgraded()).isTrue();
        first.sendBinary(bytes("still here"));
        assertThat(serviceSide.readData(10, IO)).isEqualTo(bytes("still here"));
        first.sendClose(CloseCodes.NORMAL);
        assertThat(serviceSide.awaitClose(IO).closeCode()).isEqualTo(CloseCodes.NORMAL);
        assertThat(first.awaitClose(IO).closeCode()).isEqualTo(CloseCodes.NORMAL);
      }
    }
  }

  @Test
  void sideWhosePeerNeverJoinsIsClosedWith4001AtTheDeadline() {
    long requested = System.nanoTime();
    Stream s = openStream();
    long answered = System.nanoTime();
    try (RawWebSocket serviceSide = RawWebSocket.join(hub, s.path(), s.serviceToken())) {
      assertThat(serviceSide.upgraded()).isTrue();
      RawWebSocket.Frame close = serviceSide.awaitClose(JOIN_DEADLINE.plus(SWEEP_SLACK).plus(IO));
      long closed = System.nanoTime();
      assertThat(close.closeCode()).as("%s", close).isEqualTo(CloseCodes.PEER_NEVER_JOINED);
      assertThat(close.closeReason()).contains("never joined");
      // The deadline starts between the request and its answer: not before it, not long after.
      assertThat(Duration.ofNanos(closed - requested))
          .isGreaterThanOrEqualTo(JOIN_DEADLINE.minusMillis(100));
      assertThat(Duration.ofNanos(closed - answered))
          .isLessThanOrEqualTo(JOIN_DEADLINE.plus(SWEEP_SLACK));
    }
  }

  // ---- frames ----------------------------------------------------------------------------------

  @Test
  void dataFrameOver64KiBIsClosedWith1009() {
    assertBrokenFrameCloses(ws -> ws.sendHeaderOnly(RawWebSocket.OP_BINARY, 70_000), 1009);
  }

  @Test
  void unmaskedClientFrameIsClosedWith1002() {
    assertBrokenFrameCloses(
        ws -> ws.send(true, RawWebSocket.OP_BINARY, bytes("plain"), false),
        CloseCodes.PROTOCOL_ERROR);
  }

  @Test
  void reservedOpcodeIsClosedWith1002() {
    assertBrokenFrameCloses(
        ws -> ws.send(true, 0x3, bytes("what"), true), CloseCodes.PROTOCOL_ERROR);
  }

  /**
   * Pairs a stream (the hub reads nothing from a side until it is paired), lets the service side
   * send a broken frame, and checks that side gets {@code code} and the device side is told the
   * peer is gone.
   */
  private static void assertBrokenFrameCloses(
      java.util.function.Consumer<RawWebSocket> breakIt, int code) {
    Stream s = openStream();
    try (RawWebSocket deviceSide = RawWebSocket.join(hub, s.path(), s.deviceToken());
        RawWebSocket serviceSide = RawWebSocket.join(hub, s.path(), s.serviceToken())) {
      assertThat(deviceSide.upgraded()).isTrue();
      assertThat(serviceSide.upgraded()).isTrue();
      serviceSide.sendBinary(bytes("ok"));
      assertThat(deviceSide.readData(2, IO)).isEqualTo(bytes("ok"));
      breakIt.accept(serviceSide);
      RawWebSocket.Frame close = serviceSide.awaitClose(IO);
      assertThat(close.closeCode()).as("%s", close).isEqualTo(code);
      RawWebSocket.Frame partner = deviceSide.awaitClose(IO);
      assertThat(partner.closeCode()).as("%s", partner).isEqualTo(CloseCodes.PEER_CLOSED);
    }
  }

  // ---- stream initiation -------------------------------------------------------------------

  @Test
  void deviceRejectionAnswersNotAcceptedWithTheReason() {
    HttpResponse<String> r = requestStream("reject-" + NAMES.incrementAndGet());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue(Headers.STREAMING_IS_ACCEPTED)).hasValue("False");
    assertThat(r.headers().firstValue(Headers.STREAMING_AUTH_TOKEN)).isEmpty();
    assertThat(r.headers().firstValue(Headers.STREAMING_URL)).isEmpty();
    assertThat(r.body().replaceAll("\\s", ""))
        .contains("\"isAccepted\":false")
        .contains("\"reason\":\"" + FakeDevice.REJECT_REASON.replace(" ", "") + "\"");
  }

  @Test
  void deviceThatNeverAnswersGives504AfterTheResponseTimeout() {
    long start = System.nanoTime();
    HttpResponse<String> r = requestStream("silent-" + NAMES.incrementAndGet());
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertProblem(r, 504, "504101");
    assertThat(r.body()).contains("did not answer");
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofSeconds(RESPONSE_TIMEOUT_SECONDS))
        .isLessThan(Duration.ofSeconds(RESPONSE_TIMEOUT_SECONDS + 5));
  }

  // ---- control channel -----------------------------------------------------------------------

  @Test
  void disabledDeviceCannotOpenItsControlChannel() {
    String key = createDevice("toggle1", "{}");
    String token = deviceToken("toggle1", key);
    try (RawWebSocket ws = RawWebSocket.connect(hub, "/devices/toggle1/streams", token)) {
      assertThat(ws.upgraded()).as("the token is good while enabled: %s", ws.response()).isTrue();
      ws.sendClose(CloseCodes.NORMAL);
      ws.awaitClose(IO);
    }
    String etag = firstMatch(ETAG, http.get("/devices/toggle1", owner).body());
    HttpResponse<String> disabled =
        http.send(
            http.request("/devices/toggle1")
                .header("Authorization", owner)
                .header("Content-Type", "application/json")
                .header("If-Match", "\"" + etag + "\"")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"disabled\"}")));
    assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
    try (RawWebSocket ws = RawWebSocket.connect(hub, "/devices/toggle1/streams", token)) {
      assertUnauthorized(ws.response());
    }
  }

  @Test
  void deviceTokenOfDev1CannotOpenAnotherDevicesControlChannel() {
    String token = deviceToken("dev1", dev1Key);
    for (String path : new String[] {"/devices/dev10/streams", "/devices/other/streams"}) {
      try (RawWebSocket ws = RawWebSocket.connect(hub, path, token)) {
        assertUnauthorized(ws.response());
      }
    }
  }

  // ---- and afterwards ------------------------------------------------------------------------

  @Test
  @Order(Integer.MAX_VALUE)
  void aProperStreamStillWorksAfterTheRefusalsAndNothingIsLeftBehind() throws Exception {
    Stream s = openStream();
    try (RawWebSocket deviceSide = RawWebSocket.join(hub, s.path(), s.deviceToken());
        RawWebSocket serviceSide = RawWebSocket.join(hub, s.path(), s.serviceToken())) {
      assertThat(deviceSide.upgraded()).isTrue();
      assertThat(serviceSide.upgraded()).isTrue();
      byte[] request = new byte[60_000];
      new java.util.Random(11).nextBytes(request);
      serviceSide.sendBinary(request);
      assertThat(deviceSide.readData(request.length, IO)).isEqualTo(request);
      deviceSide.sendBinary(bytes("reply"));
      assertThat(serviceSide.readData(5, IO)).isEqualTo(bytes("reply"));
      assertThat(http.get("/streams", owner).body()).contains(s.id());
      serviceSide.sendClose(CloseCodes.NORMAL);
      assertThat(deviceSide.awaitClose(IO).closeCode()).isEqualTo(CloseCodes.NORMAL);
      assertThat(serviceSide.awaitClose(IO).closeCode()).isEqualTo(CloseCodes.NORMAL);
    }
    // Streams refused above wait for their deadlines (at most JOIN_DEADLINE after this class's
    // last request) and are then swept: nothing pending, nothing active, nothing buffered.
    Map<String, Double> settled =
        metrics.awaitScrape(
            m ->
                HubMetrics.require(m, HubMetrics.PENDING) == 0
                    && HubMetrics.require(m, HubMetrics.ACTIVE) == 0
                    && HubMetrics.require(m, HubMetrics.BUFFERED) == 0,
            JOIN_DEADLINE.plus(SWEEP_SLACK).plus(IO));
    assertThat(HubMetrics.filtered(settled)).isNotEmpty();
    HttpResponse<String> active = http.get("/streams", owner);
    assertThat(active.statusCode()).isEqualTo(200);
    assertThat(active.body().replaceAll("\\s", "")).isEqualTo("[]");
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Asks the hub for a stream that the fake device accepts; returns both sides' tokens. */
  private static Stream openStream() {
    HttpResponse<String> r = requestStream("accept-" + NAMES.incrementAndGet());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue(Headers.STREAMING_IS_ACCEPTED)).hasValue("True");
    String url = r.headers().firstValue(Headers.STREAMING_URL).orElseThrow();
    String serviceToken = r.headers().firstValue(Headers.STREAMING_AUTH_TOKEN).orElseThrow();
    String id = FakeDevice.streamIdOf(url);
    String deviceToken = device.request(id).authorizationToken();
    assertThat(deviceToken).isNotEqualTo(serviceToken);
    return new Stream(id, URI.create(url).getRawPath(), deviceToken, serviceToken);
  }

  private static HttpResponse<String> requestStream(String name) {
    return http.send(
        http.request("/twins/dev1/streams/" + name)
            .header("Authorization", owner)
            // The fake device's channel may still be registering when the first test runs.
            .header(Headers.STREAMING_CONNECT_TIMEOUT, "10")
            .header(Headers.STREAMING_RESPONSE_TIMEOUT, Integer.toString(RESPONSE_TIMEOUT_SECONDS))
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static String createDevice(String id, String json) {
    HttpResponse<String> r = http.put("/devices/" + id, owner, json);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return firstMatch(PRIMARY, r.body());
  }

  private static String deviceToken(String deviceId, String key) {
    return ConnectionString.forDevice(hub.hostPort(), deviceId, key)
        .createToken(Duration.ofHours(1), Clock.systemUTC());
  }

  /** Checks a 401 problem+json refusal (never a 101) and returns its body. */
  private static String assertUnauthorized(RawWebSocket.Response r) {
    assertThat(r.status()).as("%s", r).isEqualTo(401);
    assertThat(r.header("Content-Type")).as("%s", r).startsWith("application/problem+json");
    assertThat(r.header(Headers.ERROR_CODE)).as("%s", r).isEqualTo("401002");
    assertThat(r.body()).contains("\"errorCode\":401002", "\"status\":401");
    return r.body();
  }

  private static void assertProblem(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(r.headers().firstValue(Headers.ERROR_CODE)).hasValue(code);
    assertThat(r.body()).contains("\"errorCode\":" + code, "\"status\":" + status);
  }

  private static String firstMatch(Pattern p, String body) {
    Matcher m = p.matcher(body);
    assertThat(m.find()).as("%s in %s", p, body).isTrue();
    return m.group(1);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
