package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.Headers;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Broken and hostile frames, sent by hand over real TLS to both WebSocket endpoints of the real
 * hub: the control channel ({@code /devices/{id}/streams}, Tyrus behind the hub's frame guard) and
 * the stream relay ({@code /streams/{id}}, the hub's own RFC 6455 code). Lengths of 2^63-1 and with
 * the top bit set, a message that never ends, invalid close frames, unmasked frames and reserved
 * opcodes on the control channel (the stream side's are in {@link StreamRefusalsIT}). Each is
 * closed at once with the right code; a stream opened before them all still relays after each one,
 * and at the end the hub's live heap is where it started.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebSocketAbuseIT {
  /** How long the hub may take to close a connection that broke the protocol. */
  private static final Duration PROMPT = Duration.ofSeconds(5);

  private static final Duration IO = Duration.ofSeconds(20);

  /** A live heap this much above the baseline after all the abuse would be a leak. */
  private static final long HEAP_MARGIN = 24L * 1024 * 1024;

  private static final Pattern PRIMARY = Pattern.compile("\"primaryKey\"\\s*:\\s*\"([^\"]+)\"");
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final Random RANDOM = new Random(5);

  private static HubProcess hub;
  private static HubHttp http;
  private static HubMetrics metrics;
  private static String owner;
  private static String abuserToken;
  private static FakeDevice device;
  private static Pair bystander;
  private static long baselineHeap;

  /** The two ends of one relayed stream, both spoken by hand. */
  private record Pair(RawWebSocket deviceSide, RawWebSocket serviceSide) {}

  /** The two endpoints under test. */
  enum Endpoint {
    CONTROL,
    STREAM
  }

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "ws-abuse-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
    http = new HubHttp(hub);
    metrics = new HubMetrics(http);
    owner = http.policyToken("iothubowner");
    device = FakeDevice.connect(hub, "dev1", createDevice("dev1"));
    abuserToken =
        ConnectionString.forDevice(hub.hostPort(), "abuser", createDevice("abuser"))
            .createToken(Duration.ofHours(1), Clock.systemUTC());
    bystander = openPair();
    // Warm up both endpoints once, so the baseline holds what a working hub holds.
    try (RawWebSocket ws = openControl()) {
      ws.sendClose(CloseCodes.NORMAL);
      ws.awaitClose(IO);
    }
    Pair warmUp = openPair();
    assertRelays(warmUp, 4096);
    close(warmUp);
    assertRelays(bystander, 4096);
    baselineHeap = metrics.liveHeapAfterFullGc(hub);
  }

  @AfterAll
  static void stop() {
    if (bystander != null) {
      bystander.deviceSide().close();
      bystander.serviceSide().close();
    }
    if (device != null) {
      device.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  /** Every abuse leaves the stream opened before them all relaying, both ways. */
  @AfterEach
  void bystanderStillRelays() {
    assertThat(hub.process().isAlive()).as("the hub is up").isTrue();
    assertRelays(bystander, 8192);
  }

  // ---- lengths ---------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void frameAnnouncingTwoToTheSixtyThreeMinusOneBytesIsClosedWith1009(Endpoint endpoint) {
    assertClosedPromptly(
        endpoint,
        ws -> ws.sendHeaderOnly(RawWebSocket.OP_TEXT, Long.MAX_VALUE),
        CloseCodes.TOO_BIG);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void sixtyFourBitLengthWithTheTopBitSetIsClosedWith1002(Endpoint endpoint) {
    // 0x8000000000000001: negative as a Java long.
    byte[] header = {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 9, 8, 7, 6};
    assertClosedPromptly(endpoint, ws -> ws.sendRaw(header), CloseCodes.PROTOCOL_ERROR);
  }

  // ---- a message that never ends ----------------------------------------------------------------

  @Test
  void controlMessageThatNeverEndsIsClosedWith1009OnceOverSixteenKibCharacters() throws Exception {
    try (RawWebSocket ws = openControl()) {
      ws.send(false, RawWebSocket.OP_TEXT, bytes("{"), true);
      Endless endless = Endless.start(ws);
      RawWebSocket.Frame close = ws.awaitClose(IO);
      endless.stopAndAwait();
      assertThat(close.closeCode()).as("%s", close).isEqualTo(CloseCodes.TOO_BIG);
      // Tyrus closes once the message passes 16 Ki characters; the rest never reached it.
      assertThat(endless.sent()).as("fragments written").isGreaterThan(16 * 1024);
    }
  }

  @Test
  void streamMessageThatNeverEndsIsClosedWith1009AfterSixtyFourKib() throws Exception {
    Pair pair = openPair();
    try (RawWebSocket sender = pair.serviceSide();
        RawWebSocket receiver = pair.deviceSide()) {
      CompletableFuture<long[]> received = CompletableFuture.supplyAsync(() -> drain(receiver));
      sender.send(false, RawWebSocket.OP_BINARY, new byte[] {1}, true);
      Endless endless = Endless.start(sender);
      RawWebSocket.Frame close = sender.awaitClose(IO);
      endless.stopAndAwait();
      assertThat(close.closeCode()).as("%s", close).isEqualTo(CloseCodes.TOO_BIG);
      long[] payloadAndCode = received.get(IO.toSeconds(), TimeUnit.SECONDS);
      assertThat(payloadAndCode[0]).as("payload relayed").isEqualTo(64 * 1024);
      assertThat(payloadAndCode[1]).as("partner's close").isEqualTo(CloseCodes.PEER_CLOSED);
    }
  }

  // ---- close frames -----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 2999, 5000, 65535})
  void invalidCloseCodeOnTheControlChannelIsAnsweredWith1002(int code) {
    assertClosedPromptly(
        Endpoint.CONTROL,
        ws -> ws.sendClosePayload(closePayload(code, bytes("bye"))),
        CloseCodes.PROTOCOL_ERROR);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 2999, 5000, 65535})
  void invalidCloseCodeOnTheStreamIsAnsweredWith1002(int code) {
    assertClosedPromptly(
        Endpoint.STREAM,
        ws -> ws.sendClosePayload(closePayload(code, bytes("bye"))),
        CloseCodes.PROTOCOL_ERROR);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void closeFrameWithAOneBytePayloadIsAnsweredWith1002(Endpoint endpoint) {
    assertClosedPromptly(
        endpoint, ws -> ws.sendClosePayload(new byte[] {0x03}), CloseCodes.PROTOCOL_ERROR);
  }

  @ParameterizedTest
  @EnumSource(Endpoint.class)
  void closeReasonThatIsNotUtf8IsAnsweredWith1007(Endpoint endpoint) {
    byte[] notUtf8 = {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE};
    assertClosedPromptly(
        endpoint, ws -> ws.sendClosePayload(closePayload(CloseCodes.NORMAL, notUtf8)), 1007);
  }

  /**
   * A stream side that breaks the protocol the moment it has joined makes the hub close its
   * connection while the client's bytes are still arriving: closed on the container's thread, that
   * deadlocked two worker threads about once in 25 streams, and the next stream's side was never
   * paired. A hundred in a row must all be answered, and no thread of the hub may be deadlocked.
   */
  @Test
  void aHundredStreamsBrokenAsTheyJoinAreAllClosedAndNoHubThreadDeadlocks() throws Exception {
    for (int i = 0; i < 100; i++) {
      assertClosedPromptly(
          Endpoint.STREAM,
          ws -> ws.sendClosePayload(closePayload(1006, bytes("bye"))),
          CloseCodes.PROTOCOL_ERROR);
    }
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(hub.pid()), "Thread.print")
            .redirectErrorStream(true)
            .start();
    String threads = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(threads).contains("devstreams-connection-closer").doesNotContain("deadlock");
  }

  // ---- the control channel's own frame checks ---------------------------------------------------

  @Test
  void unmaskedFrameOnTheControlChannelIsClosedWith1002() {
    assertClosedPromptly(
        Endpoint.CONTROL,
        ws -> ws.send(true, RawWebSocket.OP_TEXT, bytes("{\"type\":\"streamResponse\"}"), false),
        CloseCodes.PROTOCOL_ERROR);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x3, 0x7, 0xB, 0xF})
  void reservedOpcodeOnTheControlChannelIsClosedWith1002(int opcode) {
    assertClosedPromptly(
        Endpoint.CONTROL,
        ws -> ws.send(true, opcode, bytes("what"), true),
        CloseCodes.PROTOCOL_ERROR);
  }

  @Test
  void reservedBitsOnTheControlChannelAreClosedWith1002() {
    byte[] frame = RawWebSocket.frame(true, RawWebSocket.OP_TEXT, 2, true, bytes("{}"));
    frame[0] |= 0x40; // RSV1, with no extension negotiated
    assertClosedPromptly(Endpoint.CONTROL, ws -> ws.sendRaw(frame), CloseCodes.PROTOCOL_ERROR);
  }

  @Test
  void binaryMessageOnTheControlChannelIsClosedWith1003() {
    assertClosedPromptly(
        Endpoint.CONTROL, ws -> ws.send(false, RawWebSocket.OP_BINARY, new byte[100], true), 1003);
  }

  // ---- and afterwards ---------------------------------------------------------------------------

  @Test
  @Order(Integer.MAX_VALUE)
  void afterAllTheAbuseTheHeapIsFlatAndBothEndpointsStillWork() throws Exception {
    try (FakeDevice abuser = FakeDevice.connect(hub, "abuser", keyOf("abuser"))) {
      Pair fresh = openPair();
      assertRelays(fresh, 60_000);
      close(fresh);
    }
    long after = metrics.liveHeapAfterFullGc(hub);
    System.out.printf(
        "WebSocketAbuseIT: live heap %d KiB before, %d KiB after%n",
        baselineHeap / 1024, after / 1024);
    assertThat(after).as("live heap after the abuse").isLessThan(baselineHeap + HEAP_MARGIN);
    // Only the bystander is left: every abused stream was closed and swept.
    metrics.awaitScrape(
        m ->
            HubMetrics.require(m, HubMetrics.ACTIVE) == 1
                && HubMetrics.require(m, HubMetrics.PENDING) == 0,
        IO);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /**
   * Opens a connection to {@code endpoint} (for a stream: a paired stream, abused from the service
   * side), lets {@code abuse} do its worst, and checks that the hub answers with {@code code}
   * within {@link #PROMPT} and, on a stream, tells the partner its peer is gone.
   */
  private static void assertClosedPromptly(
      Endpoint endpoint, java.util.function.Consumer<RawWebSocket> abuse, int code) {
    Pair pair = endpoint == Endpoint.STREAM ? openPair() : null;
    try (RawWebSocket ws = pair == null ? openControl() : pair.serviceSide()) {
      long start = System.nanoTime();
      abuse.accept(ws);
      RawWebSocket.Frame close = ws.awaitClose(IO);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(close.closeCode()).as("%s on the %s", close, endpoint).isEqualTo(code);
      assertThat(took).as("time to close").isLessThan(PROMPT);
      if (pair != null) {
        try (RawWebSocket partner = pair.deviceSide()) {
          assertThat(partner.awaitClose(IO).closeCode()).isEqualTo(CloseCodes.PEER_CLOSED);
        }
      }
    }
  }

  /**
   * Writes one-byte continuation frames, never the last one, until a million are out, the hub drops
   * the connection, or it is told to stop.
   */
  private static final class Endless {
    private static final int BATCH = 4096;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger sent = new AtomicInteger();
    private final Thread thread;

    private Endless(RawWebSocket ws) {
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      for (int i = 0; i < BATCH; i++) {
        batch.writeBytes(
            RawWebSocket.frame(false, RawWebSocket.OP_CONTINUATION, 1, true, new byte[] {' '}));
      }
      byte[] frames = batch.toByteArray();
      thread =
          new Thread(
              () -> {
                try {
                  while (!stop.get() && sent.get() < 1_000_000) {
                    ws.sendRaw(frames);
                    sent.addAndGet(BATCH);
                  }
                } catch (UncheckedIOException e) {
                  // the hub closed the connection: what this test expects
                }
              },
              "endless-message");
      thread.setDaemon(true);
    }

    static Endless start(RawWebSocket ws) {
      Endless endless = new Endless(ws);
      endless.thread.start();
      return endless;
    }

    void stopAndAwait() throws InterruptedException {
      stop.set(true);
      thread.join(IO.toMillis());
      assertThat(thread.isAlive()).as("writer stopped").isFalse();
    }

    int sent() {
      return sent.get();
    }
  }

  /** Reads data frames until the close; returns the payload bytes and the close code. */
  private static long[] drain(RawWebSocket ws) {
    long payload = 0;
    while (true) {
      RawWebSocket.Frame f = ws.readFrame(IO);
      if (f.opcode() == RawWebSocket.OP_CLOSE) {
        return new long[] {payload, f.closeCode()};
      }
      if (f.opcode() == RawWebSocket.OP_PING) {
        ws.send(true, RawWebSocket.OP_PONG, f.payload(), true);
      } else {
        payload += f.payload().length;
      }
    }
  }

  private static void assertRelays(Pair pair, int size) {
    byte[] there = new byte[size];
    byte[] back = new byte[size];
    RANDOM.nextBytes(there);
    RANDOM.nextBytes(back);
    pair.serviceSide().sendBinary(there);
    assertThat(pair.deviceSide().readData(size, IO)).isEqualTo(there);
    pair.deviceSide().sendBinary(back);
    assertThat(pair.serviceSide().readData(size, IO)).isEqualTo(back);
  }

  private static void close(Pair pair) {
    pair.serviceSide().sendClose(CloseCodes.NORMAL);
    assertThat(pair.deviceSide().awaitClose(IO).closeCode()).isEqualTo(CloseCodes.NORMAL);
    assertThat(pair.serviceSide().awaitClose(IO).closeCode()).isEqualTo(CloseCodes.NORMAL);
    pair.deviceSide().close();
    pair.serviceSide().close();
  }

  private static RawWebSocket openControl() {
    RawWebSocket ws = RawWebSocket.connect(hub, "/devices/abuser/streams", abuserToken);
    assertThat(ws.upgraded()).as("%s", ws.response()).isTrue();
    return ws;
  }

  /** Asks for a stream that the fake device accepts and joins both sides. */
  private static Pair openPair() {
    HttpResponse<String> r =
        http.send(
            http.request("/twins/dev1/streams/accept-" + NAMES.incrementAndGet())
                .header("Authorization", owner)
                .header(Headers.STREAMING_CONNECT_TIMEOUT, "10")
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String url = r.headers().firstValue(Headers.STREAMING_URL).orElseThrow();
    String serviceToken = r.headers().firstValue(Headers.STREAMING_AUTH_TOKEN).orElseThrow();
    String deviceToken = device.request(FakeDevice.streamIdOf(url)).authorizationToken();
    String path = URI.create(url).getRawPath();
    RawWebSocket deviceSide = RawWebSocket.join(hub, path, deviceToken);
    RawWebSocket serviceSide = RawWebSocket.join(hub, path, serviceToken);
    assertThat(deviceSide.upgraded()).as("%s", deviceSide.response()).isTrue();
    assertThat(serviceSide.upgraded()).as("%s", serviceSide.response()).isTrue();
    return new Pair(deviceSide, serviceSide);
  }

  private static String createDevice(String id) {
    HttpResponse<String> r = http.put("/devices/" + id, owner, "{}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return primaryKey(r.body());
  }

  private static String keyOf(String id) {
    return primaryKey(http.get("/devices/" + id, owner).body());
  }

  private static String primaryKey(String json) {
    Matcher m = PRIMARY.matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return m.group(1);
  }

  private static byte[] closePayload(int code, byte[] reason) {
    byte[] payload = new byte[2 + reason.length];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(reason, 0, payload, 2, reason.length);
    return payload;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
