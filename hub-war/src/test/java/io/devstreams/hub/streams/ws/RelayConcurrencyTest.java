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
import io.devstreams.hub.streams.StreamTicket;
import io.devstreams.hub.ws.ClientFrames;
import io.devstreams.hub.ws.ClientFrames.Frame;
import io.devstreams.hub.ws.Opcodes;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Both directions at once, each client on its own thread, as the container's callbacks arrive:
 * nothing may be lost, reordered, or written while the output was not ready.
 */
class RelayConcurrencyTest {

  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final StreamBroker broker =
      new StreamBroker(
          StreamSettings.defaults(),
          new MutableClock(Instant.EPOCH),
          StreamRecorder.NONE,
          StreamEvents.NONE);
  private final StreamAdmission admission = broker.admission();
  private final StreamPairing pairing = broker.pairing();
  private final StreamTicket ticket =
      admission.open("service", "dev1", "ssh", Duration.ofSeconds(30));
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  @Test
  void relaysAMebibyteEachWayConcurrentlyWithoutLossOrReorder() throws InterruptedException {
    FakeWebConnection device = connect(Side.DEVICE);
    FakeWebConnection service = connect(Side.SERVICE);
    device.input.randomReadSizes(new Random(1));
    service.input.randomReadSizes(new Random(2));
    device.output.randomStalls(new Random(3));
    service.output.randomStalls(new Random(4));
    List<Frame> toService = new ArrayList<>();
    List<Frame> toDevice = new ArrayList<>();
    byte[] fromDevice = frames(new Random(5), toService);
    byte[] fromService = frames(new Random(6), toDevice);
    CountDownLatch done = new CountDownLatch(4);

    start(done, () -> feed(device, fromDevice, new Random(7)));
    start(done, () -> feed(service, fromService, new Random(8)));
    byte[] expectedAtService = ClientFrames.dataPayload(toService);
    byte[] expectedAtDevice = ClientFrames.dataPayload(toDevice);
    start(done, () -> drain(service, expectedAtService.length));
    start(done, () -> drain(device, expectedAtDevice.length));

    assertThat(done.await(90, TimeUnit.SECONDS)).as("relay finished").isTrue();
    assertThat(failure.get()).isNull();
    assertThat(ClientFrames.dataPayload(service.output.flushed())).isEqualTo(expectedAtService);
    assertThat(ClientFrames.dataPayload(device.output.flushed())).isEqualTo(expectedAtDevice);
    assertThat(ClientFrames.parse(service.output.flushed()))
        .allMatch(f -> f.fin() && f.opcode() == Opcodes.BINARY && f.payload().length <= 65536);
  }

  private void start(CountDownLatch done, Runnable body) {
    new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable t) {
                failure.compareAndSet(null, t);
              } finally {
                done.countDown();
              }
            })
        .start();
  }

  private static void feed(FakeWebConnection client, byte[] wire, Random random) {
    for (int at = 0; at < wire.length; ) {
      int n = Math.min(1 + random.nextInt(30_000), wire.length - at);
      client.input.feed(Arrays.copyOfRange(wire, at, at + n));
      at += n;
      Thread.yield();
    }
  }

  private static void drain(FakeWebConnection client, int payloadBytes) {
    long start = System.nanoTime();
    while (ClientFrames.dataPayload(client.output.flushed()).length < payloadBytes) {
      if (System.nanoTime() - start > DEADLINE_NANOS) {
        throw new AssertionError("frames missing after 60 s");
      }
      client.output.resume();
      Thread.yield();
    }
  }

  private static byte[] frames(Random random, List<Frame> sent) {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    int message = 0;
    for (int total = 0; total < 1024 * 1024; ) {
      // Messages of at most 64 KiB, in one frame or several.
      byte[] payload = new byte[random.nextInt(65537 - message)];
      random.nextBytes(payload);
      boolean fin = random.nextInt(4) != 0 || total + payload.length >= 1024 * 1024;
      message = fin ? 0 : message + payload.length;
      int opcode =
          !sent.isEmpty() && !sent.get(sent.size() - 1).fin()
              ? Opcodes.CONTINUATION
              : Opcodes.BINARY;
      wire.writeBytes(ClientFrames.masked(fin, opcode, payload));
      sent.add(new Frame(fin, opcode, payload));
      total += payload.length;
    }
    return wire.toByteArray();
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
}
