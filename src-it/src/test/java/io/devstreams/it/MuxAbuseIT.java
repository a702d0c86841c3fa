package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.mux.Acceptance;
import io.devstreams.protocol.mux.FrameType;
import io.devstreams.protocol.mux.MuxFrames;
import io.devstreams.protocol.mux.OpenRequest;
import io.devstreams.protocol.mux.Refusal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Protocol v2 against a client that breaks it (docs/protocol.md, section 6): every bad frame gets a
 * clear answer naming what was wrong, and the other streams on the same connection go on as if
 * nothing happened. The hub, the agent and the TCP targets are real; the client is {@link RawMux},
 * which sends exactly what the test says.
 */
class MuxAbuseIT {

  private static final String OPTS =
      "-Ddevstreams.streams.rate-per-identity=100000 -Ddevstreams.streams.burst-per-identity=100000"
          + " -Ddevstreams.streams.max-per-device=100000"
          + " -Ddevstreams.v2.ping-interval=PT1S -Ddevstreams.v2.heartbeat-timeout=PT4S";

  private static HubProcess hub;
  private static HubHttp http;
  private static TcpTargets echo;
  private static TcpTargets silent;
  private static String rawDevice;
  private static ManagedProcess agent;
  private static Path dir;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "mux-abuse-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"), Map.of("DEVSTREAMS_HUB_JAVA_OPTS", OPTS));
    http = new HubHttp(hub);
    echo = TcpTargets.echo();
    silent = TcpTargets.neverReads();
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", "dev1");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    Cli.Result offline = Cli.run(Cli.ownerEnv(hub), "device", "create", "offline1");
    assertThat(offline.exitCode()).as(offline.toString()).isZero();
    Cli.Result raw = Cli.run(Cli.ownerEnv(hub), "device", "create", "raw1");
    assertThat(raw.exitCode()).as(raw.toString()).isZero();
    rawDevice = raw.stdout().trim();
    agent =
        ManagedProcess.agent(
            dir.resolve("agent.log"),
            hub,
            created.stdout().trim(),
            List.of(
                "--service",
                "echo=127.0.0.1:" + echo.port(),
                "--service",
                "silent=127.0.0.1:" + silent.port()));
    agent.await("connected to", HubProcess.START_TIMEOUT);
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(agent, echo, silent, hub);
  }

  @Test
  void dataOnAStreamNeverOpenedGets4009AndTheConnectionCarriesOn() throws Exception {
    try (RawMux mux = RawMux.service(hub)) {
      mux.grantConnection(16 << 20);
      mux.send(FrameType.DATA, 999, new byte[] {1, 2, 3});

      RawMux.Frame close = mux.await(999, FrameType.CLOSE);
      assertThat(close.closeCode()).isEqualTo(4009);
      assertThat(close.closeReason()).isEqualTo("unknown stream id 999");
      assertEchoes(mux, 1001);
    }
  }

  @Test
  void anOpenWithAStreamIdInUseIsRefusedAndThatStreamGoesOn() throws Exception {
    try (RawMux mux = RawMux.service(hub)) {
      mux.grantConnection(16 << 20);
      mux.open(1, "dev1", "echo");
      assertThat(mux.await(1, FrameType.ACCEPT, FrameType.REFUSE).type())
          .isEqualTo(FrameType.ACCEPT);

      mux.open(1, "dev1", "echo");

      Refusal refusal = refusal(mux.await(1, FrameType.REFUSE));
      assertThat(refusal.errorCode()).isEqualTo(400004);
      assertThat(refusal.message()).isEqualTo("stream id 1 is in use");
      byte[] hello = "still here".getBytes(StandardCharsets.US_ASCII);
      mux.send(FrameType.DATA, 1, hello);
      assertThat(mux.readData(1, hello.length)).isEqualTo(hello);
    }
  }

  @Test
  void anOpenWithAnEvenOrSmallerIdIsRefused() throws Exception {
    try (RawMux mux = RawMux.service(hub)) {
      mux.grantConnection(16 << 20);
      mux.open(2, "dev1", "echo");
      assertThat(refusal(mux.await(2, FrameType.REFUSE)).message())
          .isEqualTo("stream id 2 was used before: a client's ids are odd and increase");
      assertEchoes(mux, 5);
      mux.open(3, "dev1", "echo");
      assertThat(refusal(mux.await(3, FrameType.REFUSE)).message())
          .isEqualTo("stream id 3 was used before: a client's ids are odd and increase");
    }
  }

  @Test
  void dataPastTheStreamWindowClosesThatStreamWith4010Only() throws Exception {
    // A device that accepts and then takes nothing: the hub can pass on none of what it receives,
    // so its stream window is all a service may send.
    String token =
        io.devstreams.protocol.ConnectionString.parse(rawDevice)
            .createToken(java.time.Duration.ofHours(1), java.time.Clock.systemUTC());
    try (RawMux device = RawMux.connect(hub, MuxFrames.DEVICE_PATH_PREFIX + "raw1", token);
        RawMux mux = RawMux.service(hub)) {
      mux.grantConnection(16 << 20);
      mux.open(1, "raw1", "anything");
      RawMux.Frame offer = device.await(f -> f.type() == FrameType.OPEN, "the hub's OPEN");
      device.send(FrameType.ACCEPT, offer.streamId(), new Acceptance(65536, null).toJson());
      long window = acceptance(mux.await(1, FrameType.ACCEPT)).window();
      assertThat(window).isEqualTo(4 << 20);

      byte[] chunk = new byte[MuxFrames.MAX_PAYLOAD];
      for (long sent = 0; sent <= window; sent += chunk.length) {
        mux.send(FrameType.DATA, 1, chunk);
      }

      RawMux.Frame close = mux.await(1, FrameType.CLOSE);
      assertThat(close.closeCode()).isEqualTo(4010);
      assertThat(close.closeReason()).isEqualTo("data past the stream window");
      assertEchoes(mux, 3);
    }
  }

  @Test
  void aWindowLiftedPastTwoToTheThirtyOneClosesThatStreamWith4009() throws Exception {
    try (RawMux mux = RawMux.service(hub)) {
      mux.grantConnection(16 << 20);
      mux.open(1, "dev1", "echo");
      mux.await(1, FrameType.ACCEPT);

      mux.send(FrameType.WINDOW, 1, MuxFrames.window(MuxFrames.MAX_WINDOW));

      RawMux.Frame close = mux.await(1, FrameType.CLOSE);
      assertThat(close.closeCode()).isEqualTo(4009);
      assertThat(close.closeReason()).isEqualTo("WINDOW lifts the stream window above 2^31-1");
      assertEchoes(mux, 3);
    }
  }

  @Test
  void anOpenForAServiceTheDeviceDoesNotOfferGetsTheDevicesReason() throws Exception {
    try (RawMux mux = RawMux.service(hub)) {
      mux.grantConnection(16 << 20);
      mux.open(1, "dev1", "telnet");

      Refusal refusal = refusal(mux.await(1, FrameType.REFUSE));
      assertThat(refusal.errorCode()).isEqualTo(403101);
      assertThat(refusal.message())
          .isEqualTo("the device refused the stream: no service named 'telnet' on this device");
      assertEchoes(mux, 3);
    }
  }

  @Test
  void aFloodOfOpensIsHeldToTheBacklogAndTheRestAreRefusedWithARetryHint() throws Exception {
    try (RawMux mux = RawMux.service(hub)) {
      mux.grantConnection(16 << 20);
      byte[] waitForIt = new OpenRequest("offline1", "echo", 1 << 20, 30, 10).toJson();
      for (long id = 1; id <= 2 * 300; id += 2) {
        mux.send(FrameType.OPEN, id, waitForIt);
      }

      Refusal refusal = refusal(mux.await(2 * 256 + 1, FrameType.REFUSE));
      assertThat(refusal.errorCode()).isEqualTo(429001);
      assertThat(refusal.retryAfterSeconds()).isEqualTo(1);
      assertThat(refusal.message())
          .isEqualTo(
              "too many stream requests waiting on this connection (at most 256); retry in 1 s");
      assertThat(refusal(mux.await(2 * 300 - 1, FrameType.REFUSE)).errorCode()).isEqualTo(429001);
    }
  }

  @Test
  void aFrameShorterThanItsHeaderClosesTheConnectionWith1002() throws Exception {
    try (RawMux mux = RawMux.service(hub)) {
      mux.sendRawMessage(new byte[] {0, 0, 1});

      RawMux.Frame close = mux.await(f -> f.type() == -1, "the connection's close");
      assertThat(close.closeCode()).isEqualTo(1002);
      assertThat(close.closeReason()).isEqualTo("a v2 frame shorter than its 5-byte header");
    }
  }

  @Test
  void aConnectionThatStopsReadingIsClosedAndTheHubHoldsNoMoreThanItsWindows() throws Exception {
    long before = new HubMetrics(http).value(HubMetrics.BUFFERED);
    RawMux mux = RawMux.service(hub);
    try {
      mux.grantConnection(64 << 20);
      mux.open(1, "dev1", "echo");
      mux.await(1, FrameType.ACCEPT);
      byte[] chunk = new byte[MuxFrames.MAX_PAYLOAD];
      new Random(3).nextBytes(chunk);
      // Four windows' worth: the echo sends it all back, and this client reads none of it.
      for (int i = 0; i < 64; i++) {
        mux.send(FrameType.DATA, 1, chunk);
      }
      mux.stopReading();
      assertThat(mux.isReading()).isFalse();

      // Its heartbeat runs out (4 s here): the hub gives the connection up and frees its buffers.
      new HubMetrics(http)
          .awaitScrape(
              m ->
                  HubMetrics.require(m, HubMetrics.ACTIVE) == 0
                      && HubMetrics.require(m, HubMetrics.BUFFERED) <= before,
              java.time.Duration.ofSeconds(60));
      assertThat(hub.awaitLogLine("a v2 service connection was silent", "closing it")).isNotEmpty();
    } finally {
      mux.close();
    }
  }

  @Test
  void tenThousandOpenAndCloseCyclesLeaveTheHubsHeapAndThreadsAtTheirBaseline() throws Exception {
    try (RawMux mux = RawMux.service(hub)) {
      mux.grantConnection(16 << 20);
      long next = cycles(mux, 1, 1000);
      long[] baseline = heapAndThreads();

      next = cycles(mux, next, 10_000);

      long[] after = heapAndThreads();
      assertThat(after[0] - baseline[0])
          .as("heap growth after 10,000 cycles (bytes)")
          .isLessThan(16L << 20);
      assertThat(after[1] - baseline[1]).as("threads added").isLessThanOrEqualTo(4);
      assertEchoes(mux, next);
    }
  }

  /** Opens and closes {@code count} streams, 100 at a time; returns the next free id. */
  private static long cycles(RawMux mux, long firstId, int count) throws Exception {
    long id = firstId;
    for (int done = 0; done < count; done += 100) {
      for (int i = 0; i < 100; i++) {
        mux.open(id + 2L * i, "dev1", "echo");
      }
      for (int i = 0; i < 100; i++) {
        mux.await(id + 2L * i, FrameType.ACCEPT);
        mux.send(FrameType.CLOSE, id + 2L * i, MuxFrames.close(1000, "cycle"));
      }
      id += 200;
    }
    return id;
  }

  /** The hub's live heap (after a full GC) and its thread count, once every stream has ended. */
  private static long[] heapAndThreads() throws Exception {
    HubMetrics metrics = new HubMetrics(http);
    metrics.awaitScrape(
        m -> HubMetrics.require(m, HubMetrics.ACTIVE) == 0, java.time.Duration.ofSeconds(60));
    long heap = metrics.liveHeapAfterFullGc(hub);
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(hub.pid()), "status"))) {
      if (line.startsWith("Threads:")) {
        return new long[] {heap, Long.parseLong(line.substring("Threads:".length()).trim())};
      }
    }
    throw new AssertionError("no Threads: line for the hub's process");
  }

  /** Opens stream {@code id} to the echo service and checks 64 KiB come back as sent. */
  private static void assertEchoes(RawMux mux, long id) throws Exception {
    mux.open(id, "dev1", "echo");
    RawMux.Frame answer = mux.await(id, FrameType.ACCEPT, FrameType.REFUSE);
    assertThat(answer.type()).as(answer.text()).isEqualTo(FrameType.ACCEPT);
    byte[] payload = new byte[64 * 1024];
    new Random(id).nextBytes(payload);
    mux.send(FrameType.DATA, id, payload);
    assertThat(mux.readData(id, payload.length)).isEqualTo(payload);
    mux.send(FrameType.CLOSE, id, MuxFrames.close(1000, ""));
  }

  private static Refusal refusal(RawMux.Frame frame) {
    return Refusal.parse(frame.payload(), 0, frame.payload().length);
  }

  private static Acceptance acceptance(RawMux.Frame frame) {
    return Acceptance.parse(frame.payload(), 0, frame.payload().length);
  }
}
