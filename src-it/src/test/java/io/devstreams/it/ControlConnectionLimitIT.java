package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.ControlMessages;
import io.devstreams.protocol.Headers;
import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.StreamResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Control connections per remote address against the launched hub, limited to {@value #LIMIT}: one
 * more from a full address gets 429 problem+json before any authentication and never a 101, while
 * the channels already open keep working, a closed or replaced channel frees its slot, and other
 * addresses are not affected. Each test connects from its own loopback address (bound on the client
 * side), so that tests share the hub but no count.
 */
class ControlConnectionLimitIT {
  private static final int LIMIT = 3;
  private static final Duration IO = Duration.ofSeconds(10);
  private static final Pattern PRIMARY = Pattern.compile("\"primaryKey\"\\s*:\\s*\"([^\"]+)\"");
  private static final List<String> TESTS = List.of("full", "stream", "reuse", "other");

  /**
   * Replacements to try: while the hub closed a replaced channel at once, without waiting for the
   * device's answer (see GuardedUpgrade), between one in 75 and one in 16 broke another request.
   */
  private static final int REPLACEMENTS = 30;

  /** The hub waits 5 s for a device's answer to its close; a margin for the clocks. */
  private static final Duration LINGER_MIN = Duration.ofMillis(4500);

  private static HubProcess hub;
  private static HubHttp http;
  private static String owner;
  private static final Map<String, String> KEYS = new HashMap<>();

  @BeforeAll
  static void start() throws IOException {
    Path dir = Files.createTempDirectory(Path.of("target"), "control-limit-").toAbsolutePath();
    hub =
        HubProcess.start(
            dir.resolve("hub"),
            Map.of("DEVSTREAMS_HUB_JAVA_OPTS", "-Ddevstreams.control.max-per-address=" + LIMIT));
    http = new HubHttp(hub);
    owner = http.policyToken("iothubowner");
    for (String test : TESTS) {
      for (int i = 1; i <= LIMIT + 1; i++) {
        createDevice(test + "-" + i);
      }
    }
    createDevice("linger-1");
    createDevice("linger-2");
    for (int round = 1; round <= REPLACEMENTS; round++) {
      for (int i = 1; i <= LIMIT + 1; i++) {
        createDevice("replace-" + round + "-" + i);
      }
    }
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void oneMoreChannelFromAFullAddressGets429BeforeAuthenticationAndNever101() {
    InetAddress from = address(11);
    try (RawWebSocket a = open(from, "full-1");
        RawWebSocket b = open(from, "full-2");
        RawWebSocket c = open(from, "full-3")) {

      try (RawWebSocket valid = connect(from, "full-4", token("full-4"));
          RawWebSocket garbage = connect(from, "full-4", "SharedAccessSignature garbage")) {
        assertRefused(valid.response(), from);
        assertRefused(garbage.response(), from);
      }
    }
    String line =
        awaitLogLine(
            "control connection refused from 127.0.0.11: too many control connections from"
                + " 127.0.0.11 (limit 3, setting devstreams.control.max-per-address)");
    assertThat(line).doesNotContain("SharedAccessSignature").doesNotContain("sig=");
  }

  @Test
  void aStreamThroughAConnectedDeviceWorksWhileItsAddressIsFull() throws Exception {
    InetAddress from = address(12);
    try (RawWebSocket device = open(from, "stream-1");
        RawWebSocket b = open(from, "stream-2");
        RawWebSocket c = open(from, "stream-3")) {
      try (RawWebSocket over = connect(from, "stream-4", token("stream-4"))) {
        assertRefused(over.response(), from);
      }

      CompletableFuture<HttpResponse<String>> asked =
          CompletableFuture.supplyAsync(() -> requestStream("stream-1", "accept-echo"));
      StreamRequest request = (StreamRequest) ControlMessages.decode(device.readText(IO));
      device.sendText(ControlMessages.encode(new StreamResponse(request.requestId(), true, null)));
      HttpResponse<String> r = asked.get(IO.toSeconds(), TimeUnit.SECONDS);

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.headers().firstValue(Headers.STREAMING_IS_ACCEPTED)).hasValue("True");
      String path = URI.create(request.url()).getRawPath();
      String serviceToken = r.headers().firstValue(Headers.STREAMING_AUTH_TOKEN).orElseThrow();
      try (RawWebSocket deviceSide = RawWebSocket.join(hub, path, request.authorizationToken());
          RawWebSocket serviceSide = RawWebSocket.join(hub, path, serviceToken)) {
        serviceSide.sendBinary(bytes("ping"));
        assertThat(deviceSide.readData(4, IO)).isEqualTo(bytes("ping"));
        deviceSide.sendBinary(bytes("pong"));
        assertThat(serviceSide.readData(4, IO)).isEqualTo(bytes("pong"));
      }
    }
  }

  @Test
  void closingAChannelFreesItsSlotForTheNextOne() {
    InetAddress from = address(13);
    try (RawWebSocket a = open(from, "reuse-1");
        RawWebSocket b = open(from, "reuse-2");
        RawWebSocket c = open(from, "reuse-3")) {
      try (RawWebSocket over = connect(from, "reuse-4", token("reuse-4"))) {
        assertRefused(over.response(), from);
      }

      a.sendClose(CloseCodes.NORMAL);
      assertThat(a.awaitClose(IO).closeCode()).isEqualTo(CloseCodes.NORMAL);

      try (RawWebSocket next = awaitUpgrade(from, "reuse-4")) {
        try (RawWebSocket over = connect(from, "reuse-1", token("reuse-1"))) {
          assertRefused(over.response(), from);
        }
      }
    }
  }

  @Test
  void anotherAddressIsNotAffectedByAFullOne() {
    InetAddress full = address(14);
    try (RawWebSocket a = open(full, "other-1");
        RawWebSocket b = open(full, "other-2");
        RawWebSocket c = open(full, "other-3")) {
      try (RawWebSocket over = connect(full, "other-4", token("other-4"))) {
        assertRefused(over.response(), full);
      }

      try (RawWebSocket elsewhere = connect(address(15), "other-4", token("other-4"))) {
        assertThat(elsewhere.upgraded()).as("%s", elsewhere.response()).isTrue();
      }
    }
  }

  /**
   * Each round from its own address (127.0.2.N): the older channel hears 4004 and answers it, as
   * RFC 6455 asks, at once; its slot then goes to the next channel, and the address is full again.
   * The container logs no error meanwhile (a broken upgrade shows there first).
   */
  @Test
  void aDeviceThatReconnectsHoldsOneSlotOnceItsOlderChannelIsReplaced() throws IOException {
    int logLines = Files.readAllLines(hub.log()).size();
    for (int round = 1; round <= REPLACEMENTS; round++) {
      InetAddress from = address(2, round);
      String device = "replace-" + round + "-";
      try (RawWebSocket older = open(from, device + 1);
          RawWebSocket b = open(from, device + 2);
          RawWebSocket newer = open(from, device + 1)) {
        assertThat(older.awaitClose(IO).closeCode())
            .as("round %d", round)
            .isEqualTo(CloseCodes.REPLACED);

        try (RawWebSocket third = awaitUpgrade(from, device + 3);
            RawWebSocket over = connect(from, device + 4, token(device + 4))) {
          assertRefused(over.response(), from);
        }
      }
    }
    List<String> lines = Files.readAllLines(hub.log());
    assertThat(lines.subList(logLines, lines.size()))
        .filteredOn(line -> line.matches("\\S+ (WARN|WARNING|SEVERE) .*"))
        .as("warnings and errors logged during the replacements")
        .isEmpty();
  }

  /**
   * A channel the hub closes stays connected until the device answers the close frame, and ends
   * right after the answer; a device that never answers is cut off after the hub's linger of 5 s.
   */
  @Test
  void aChannelTheHubClosesEndsOnceTheDeviceAnswersOrAfterTheLinger() {
    InetAddress from = address(17);
    try (RawWebSocket silent = open(from, "linger-1");
        RawWebSocket newer = open(from, "linger-1")) {
      assertThat(silent.readFrame(IO).closeCode()).isEqualTo(CloseCodes.REPLACED);

      Duration ended = silent.awaitEnd(IO);

      assertThat(ended).as("time to the end after the hub's close").isBetween(LINGER_MIN, IO);
    }
    try (RawWebSocket answering = open(from, "linger-2");
        RawWebSocket newer = open(from, "linger-2")) {
      assertThat(answering.readFrame(IO).closeCode()).isEqualTo(CloseCodes.REPLACED);
      answering.sendClose(CloseCodes.REPLACED);

      assertThat(answering.awaitEnd(IO)).isLessThan(LINGER_MIN);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static InetAddress address(int last) {
    return address(0, last);
  }

  private static InetAddress address(int third, int last) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, (byte) third, (byte) last});
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static RawWebSocket connect(InetAddress from, String deviceId, String authorization) {
    return RawWebSocket.connectFrom(hub, from, "/devices/" + deviceId + "/streams", authorization);
  }

  /** Opens {@code deviceId}'s control channel from {@code from}; fails unless upgraded. */
  private static RawWebSocket open(InetAddress from, String deviceId) {
    RawWebSocket ws = connect(from, deviceId, token(deviceId));
    assertThat(ws.upgraded()).as("%s", ws.response()).isTrue();
    return ws;
  }

  /**
   * Opens the channel once the hub has a slot for it: a channel that just closed gives its slot
   * back a moment after its close frame. Every refusal meanwhile must be the limit's 429.
   */
  private static RawWebSocket awaitUpgrade(InetAddress from, String deviceId) {
    long deadline = System.nanoTime() + IO.toNanos();
    while (true) {
      RawWebSocket ws = connect(from, deviceId, token(deviceId));
      if (ws.upgraded()) {
        return ws;
      }
      assertRefused(ws.response(), from);
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no slot for " + deviceId + " within " + IO);
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  private static void assertRefused(RawWebSocket.Response r, InetAddress from) {
    String address = from.getHostAddress();
    assertThat(r.status()).as("%s", r).isEqualTo(429);
    assertThat(r.header("Content-Type")).as("%s", r).startsWith("application/problem+json");
    assertThat(r.header(Headers.ERROR_CODE)).as("%s", r).isEqualTo("429001");
    assertThat(r.header("Retry-After")).as("%s", r).isEqualTo("10");
    assertThat(r.body())
        .contains(
            "\"detail\":\"too many control connections from "
                + address
                + " (limit 3, setting devstreams.control.max-per-address)\"",
            "\"errorCode\":429001",
            "\"status\":429");
  }

  private static HttpResponse<String> requestStream(String deviceId, String name) {
    return http.send(
        http.request("/twins/" + deviceId + "/streams/" + name)
            .header("Authorization", owner)
            // The channel is registered a moment after its 101.
            .header(Headers.STREAMING_CONNECT_TIMEOUT, "10")
            .header(Headers.STREAMING_RESPONSE_TIMEOUT, "10")
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  /** Waits for a line of the hub's log that contains {@code text}, and returns it. */
  private static String awaitLogLine(String text) {
    return hub.awaitLogLine(text);
  }

  private static void createDevice(String id) {
    HttpResponse<String> r = http.put("/devices/" + id, owner, "{}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Matcher m = PRIMARY.matcher(r.body());
    assertThat(m.find()).as(r.body()).isTrue();
    KEYS.put(id, m.group(1));
  }

  private static String token(String deviceId) {
    return ConnectionString.forDevice(hub.hostPort(), deviceId, KEYS.get(deviceId))
        .createToken(Duration.ofHours(1), Clock.systemUTC());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
