package io.devstreams.hub.streams.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.hub.settings.StreamSettings;
import io.devstreams.hub.streams.MutableClock;
import io.devstreams.hub.streams.Side;
import io.devstreams.hub.streams.StreamAdmission;
import io.devstreams.hub.streams.StreamBroker;
import io.devstreams.hub.streams.StreamEvents;
import io.devstreams.hub.streams.StreamPairing;
import io.devstreams.hub.streams.StreamRecorder;
import io.devstreams.hub.streams.StreamStatistics;
import io.devstreams.hub.streams.StreamTicket;
import io.devstreams.hub.ws.ClientFrames;
import io.devstreams.hub.ws.ClientFrames.Frame;
import io.devstreams.hub.ws.Opcodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The relay between two in-memory connections, with the real broker and a fixed clock. */
class RelayConnectionTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final StreamBroker broker =
      new StreamBroker(StreamSettings.defaults(), clock, StreamRecorder.NONE, StreamEvents.NONE);
  private final StreamAdmission admission = broker.admission();
  private final StreamPairing pairing = broker.pairing();
  private final StreamStatistics statistics = broker.statistics();
  private final StreamTicket ticket =
      admission.open("service", "dev1", "ssh", Duration.ofSeconds(30));
  private final Random random = new Random(11);

  @Test
  void relaysADataFrameFromDeviceToService() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);
    byte[] payload = bytes(5000);

    device.input.feed(ClientFrames.binary(payload));

    assertThat(frames(service)).containsExactly(new Frame(true, Opcodes.BINARY, payload));
    assertThat(frames(device)).isEmpty();
  }

  @Test
  void relaysADataFrameFromServiceToDevice() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);
    byte[] payload = bytes(70);

    service.input.feed(ClientFrames.binary(payload));

    assertThat(frames(device)).containsExactly(new Frame(true, Opcodes.BINARY, payload));
  }

  @Test
  void finTextFrameIsForwardedUntouched() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);

    service.input.feed(ClientFrames.text("{\"type\":\"fin\"}"));

    assertThat(frames(device))
        .containsExactly(new Frame(true, Opcodes.TEXT, utf8("{\"type\":\"fin\"}")));
  }

  @Test
  void sideAloneIsNotReadUntilItsPartnerJoins() {
    FakeWebConnection device = connect(Side.DEVICE);
    byte[] payload = bytes(3000);
    device.input.feed(ClientFrames.binary(payload));

    assertThat(device.input.consumed()).isZero();

    FakeWebConnection service = connect(Side.SERVICE);
    assertThat(frames(service)).containsExactly(new Frame(true, Opcodes.BINARY, payload));
  }

  @Test
  void readsNothingMoreFromSenderWhileReceiverCannotTakeMore() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);
    service.output.stall();
    ClientStream sent = new ClientStream();
    device.input.feed(sent.frames(512 * 1024));
    long readWhileStalled = device.input.consumed();

    device.input.feed(sent.frames(512 * 1024));

    assertThat(readWhileStalled).isLessThanOrEqualTo(2 * Inbound.BUFFER_SIZE + 64);
    assertThat(device.input.consumed()).isEqualTo(readWhileStalled);
    assertThat(statistics.bytesBuffered()).isLessThanOrEqualTo(2 * Inbound.BUFFER_SIZE + 64);
    drainUntil(service, () -> relayed(service).length == sent.payloadBytes);
    assertThat(relayed(service)).isEqualTo(sent.payload());
  }

  @Test
  void relaysAMebibyteInOrderWithRandomChunksFramesAndStalls() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);
    device.input.randomReadSizes(random);
    service.output.randomStalls(random);
    ClientStream sent = new ClientStream();
    byte[] wire = sent.frames(1024 * 1024);

    for (int at = 0; at < wire.length; ) {
      int n = Math.min(1 + random.nextInt(40_000), wire.length - at);
      device.input.feed(java.util.Arrays.copyOfRange(wire, at, at + n));
      at += n;
      if (random.nextBoolean()) {
        service.output.resume();
      }
    }
    drainUntil(service, () -> relayed(service).length == sent.payloadBytes);

    assertThat(relayed(service)).isEqualTo(sent.payload());
    assertThat(frames(service)).allMatch(f -> f.fin() && f.opcode() == Opcodes.BINARY);
    assertThat(sent.payloadBytes).isGreaterThanOrEqualTo(1024 * 1024);
    assertThat(statistics.active().get(0).bytesFromDevice()).isEqualTo(sent.payloadBytes);
  }

  @Test
  void clientPingIsAnsweredByTheHubAndNotForwarded() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);

    device.input.feed(ClientFrames.ping("hello"));

    assertThat(frames(device)).containsExactly(new Frame(true, Opcodes.PONG, utf8("hello")));
    assertThat(frames(service)).isEmpty();
  }

  @Test
  void closeFromDeviceIsAnsweredAndClosesServiceWithTheSameCodeAfterItsData() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);
    byte[] payload = bytes(100);

    device.input.feed(
        ClientFrames.concat(ClientFrames.binary(payload), ClientFrames.close(1000, "bye")));

    assertThat(frames(device)).hasSize(1);
    assertThat(frames(device).get(0).closeCode()).isEqualTo(1000);
    List<Frame> toService = frames(service);
    assertThat(toService.get(0)).isEqualTo(new Frame(true, Opcodes.BINARY, payload));
    assertThat(toService.get(1).closeCode()).isEqualTo(1000);
    assertThat(toService.get(1).closeReason()).isEqualTo("the device side closed: bye");
    assertThat(device.isClosed()).isTrue();
  }

  @Test
  void closedSideStaysOpenUntilItsClientAnswersTheClose() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);
    device.input.feed(ClientFrames.close(1000, ""));
    assertThat(service.isClosed()).isFalse();

    service.input.feed(ClientFrames.close(1000, ""));

    assertThat(service.isClosed()).isTrue();
  }

  @Test
  void deviceDisconnectingWithoutCloseClosesServiceWith4000() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);

    device.input.end();

    Frame close = frames(service).get(0);
    assertThat(close.closeCode()).isEqualTo(4000);
    assertThat(close.closeReason()).contains("device side disconnected");
    assertThat(device.isClosed()).isTrue();
  }

  @Test
  void deviceDisconnectingInsideAFrameRelaysWhatArrivedAsWholeFramesThenClosesTheService() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);
    byte[] payload = bytes(1000);
    byte[] frame = ClientFrames.binary(payload);

    device.input.feed(java.util.Arrays.copyOf(frame, 500));
    device.input.end();

    List<Frame> received = frames(service);
    assertThat(received.get(0))
        .isEqualTo(new Frame(true, Opcodes.BINARY, java.util.Arrays.copyOf(payload, 500 - 8)));
    assertThat(received.get(1).closeCode()).isEqualTo(4000);
    assertThat(device.isClosed()).isTrue();
    service.input.feed(ClientFrames.close(4000, ""));
    assertThat(service.isClosed()).isTrue();
  }

  @Test
  void frameOverSixtyFourKibClosesSenderWith1009AndPartnerWith4000() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);

    device.input.feed(ClientFrames.binary(bytes(65537)));

    assertThat(frames(device).get(0).closeCode()).isEqualTo(1009);
    Frame toService = frames(service).get(0);
    assertThat(toService.closeCode()).isEqualTo(4000);
    assertThat(toService.closeReason()).contains("device side broke the protocol");
    assertThat(device.isClosed()).isTrue();
  }

  @Test
  void unmaskedFrameClosesSenderWith1002() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);

    service.input.feed(ClientFrames.frame(true, 0, Opcodes.BINARY, 0, false, bytes(10)));

    assertThat(frames(service).get(0).closeCode()).isEqualTo(1002);
    assertThat(frames(device).get(0).closeCode()).isEqualTo(4000);
  }

  @Test
  void silentStreamIsPingedThenClosedWith4006() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);
    clock.advance(Duration.ofSeconds(20));
    pairing.sweep();
    assertThat(frames(device)).containsExactly(new Frame(true, Opcodes.PING, new byte[0]));

    clock.advance(Duration.ofSeconds(40));
    pairing.sweep();

    assertThat(frames(device).get(1).closeCode()).isEqualTo(4006);
    assertThat(frames(service).get(1).closeCode()).isEqualTo(4006);
  }

  /**
   * The broker no longer pings a receiver that has data waiting for it (that counts as alive), but
   * a ping the broker does ask for must still go out before the next piece, between frames.
   */
  @Test
  void pingAskedForWhileTheReceiverIsBusyGoesOutBeforeTheNextPiece() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);
    service.output.stallAfterEachWrite();
    ClientStream sent = new ClientStream();
    device.input.feed(sent.frames(1024 * 1024));
    drainUntil(service, () -> ClientFrames.countComplete(service.output.written()) >= 3);

    ((RelayConnection) service.handler).ping();
    drainUntil(service, () -> relayed(service).length == sent.payloadBytes);

    List<Frame> received = frames(service);
    int ping = received.indexOf(new Frame(true, Opcodes.PING, new byte[0]));
    assertThat(ping).isBetween(3, 5);
    assertThat(relayed(service)).isEqualTo(sent.payload());
  }

  @Test
  void closeArrivingWhileDataIsRelayedGoesOutBetweenWholeFrames() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);
    service.output.stallAfterEachWrite();
    byte[] first = bytes(65536);
    device.input.feed(ClientFrames.binary(first));
    device.input.feed(ClientFrames.binary(bytes(65536)));
    drainUntil(service, () -> service.output.written().length > 20_000);

    service.input.feed(ClientFrames.close(1000, "enough"));
    drainUntil(service, service::isClosed);

    List<Frame> received = frames(service);
    byte[] data = relayed(service);
    assertThat(data.length).isPositive();
    assertThat(data).isEqualTo(java.util.Arrays.copyOf(first, data.length));
    assertThat(received.subList(0, received.size() - 1))
        .allMatch(f -> f.fin() && f.opcode() == Opcodes.BINARY);
    assertThat(received.get(received.size() - 1).closeCode()).isEqualTo(1000);
    assertThat(frames(device).get(0).closeReason()).isEqualTo("the service side closed: enough");
  }

  @Test
  void pongKeepsASideAlive() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);
    for (int i = 0; i < 4; i++) {
      clock.advance(Duration.ofSeconds(20));
      pairing.sweep();
      device.input.feed(ClientFrames.masked(true, Opcodes.PONG, new byte[0]));
      service.input.feed(ClientFrames.masked(true, Opcodes.PONG, new byte[0]));
    }

    assertThat(frames(device)).allMatch(f -> f.opcode() == Opcodes.PING);
    assertThat(statistics.activeCount()).isEqualTo(1);
  }

  @Test
  void sideWhosePartnerNeverJoinsIsClosedWith4001AtTheDeadline() {
    FakeWebConnection device = connect(Side.DEVICE);
    clock.advance(Duration.ofSeconds(30));

    pairing.sweep();

    assertThat(frames(device).get(0).closeCode()).isEqualTo(4001);
    device.input.feed(ClientFrames.close(4001, ""));
    assertThat(device.isClosed()).isTrue();
  }

  @Test
  void connectionThatNeverAnswersTheCloseIsDroppedAfterTheCloseGrace() {
    FakeWebConnection device = connect(Side.DEVICE);
    clock.advance(Duration.ofSeconds(30));
    pairing.sweep();
    assertThat(device.isClosed()).isFalse();

    clock.advance(Duration.ofSeconds(5));
    pairing.sweep();

    assertThat(device.isClosed()).isTrue();
  }

  @Test
  void dataBeforeACloseReachesASlowReceiverBeforeTheClose() {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);
    service.output.stall();
    ClientStream sent = new ClientStream();

    device.input.feed(ClientFrames.concat(sent.frames(200_000), ClientFrames.close(1000, "done")));
    drainUntil(service, () -> lastIsClose(service));

    List<Frame> received = frames(service);
    assertThat(relayed(service)).isEqualTo(sent.payload());
    assertThat(received.get(received.size() - 1).closeCode()).isEqualTo(1000);
  }

  private FakeWebConnection connect(Side side) {
    RelayConnection relay = new RelayConnection();
    relay.bind(
        pairing,
        Runnable::run,
        ticket.streamId(),
        pairing.authorize(ticket.streamId(), ticket.token(side)));
    FakeWebConnection connection = new FakeWebConnection(relay);
    relay.init(connection);
    return connection;
  }

  private static List<Frame> frames(FakeWebConnection connection) {
    return ClientFrames.parse(connection.output.flushed());
  }

  private static boolean lastIsClose(FakeWebConnection connection) {
    List<Frame> frames = ClientFrames.parse(connection.output.flushed(), false);
    return !frames.isEmpty() && frames.get(frames.size() - 1).opcode() == Opcodes.CLOSE;
  }

  /** The stream bytes the client received: the payload of its data frames, in order. */
  private static byte[] relayed(FakeWebConnection connection) {
    return ClientFrames.dataPayload(connection.output.flushed());
  }

  /** Lets a stalled client take bytes until the condition holds (bounded, no sleeping). */
  private static void drainUntil(
      FakeWebConnection client, java.util.function.BooleanSupplier done) {
    for (int i = 0; i < 100_000 && !done.getAsBoolean(); i++) {
      client.output.resume();
    }
    assertThat(done.getAsBoolean()).as("all frames delivered").isTrue();
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Random data messages of random sizes up to 64 KiB, some fragmented (in up to three frames), and
   * what they carry.
   */
  private final class ClientStream {
    final List<Frame> frames = new java.util.ArrayList<>();
    long payloadBytes;

    byte[] payload() {
      return ClientFrames.dataPayload(frames);
    }

    byte[] frames(int atLeast) {
      java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
      for (int total = 0; total < atLeast; ) {
        int parts = 1 + random.nextInt(3);
        int left = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(65536);
        for (int i = 0; i < parts; i++) {
          int size = i == parts - 1 ? left : random.nextInt(left + 1);
          left -= size;
          byte[] payload = bytes(size);
          boolean fin = i == parts - 1;
          int opcode = i == 0 ? Opcodes.BINARY : Opcodes.CONTINUATION;
          wire.writeBytes(ClientFrames.masked(fin, opcode, payload));
          frames.add(new Frame(fin, opcode, payload));
          total += payload.length;
          payloadBytes += payload.length;
        }
      }
      return wire.toByteArray();
    }
  }
}
