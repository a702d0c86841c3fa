package io.devstreams.hub.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.settings.StreamLimits;
import io.devstreams.hub.settings.StreamSettings;
import io.devstreams.protocol.CloseCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The broker hands exactly one audit record per stream request to its recorder. */
class StreamRecordingTest {

  private static final Duration HANDSHAKE = Duration.ofSeconds(30);
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final List<StreamRecord> records = new CopyOnWriteArrayList<>();
  private final StreamBroker broker =
      new StreamBroker(
          new StreamSettings(
              Duration.ofSeconds(20),
              Duration.ofSeconds(60),
              Duration.ofSeconds(5),
              Duration.ZERO,
              new StreamLimits(64, 10_000, 1, 50, 100)),
          clock,
          records::add,
          StreamEvents.NONE);
  private final StreamAdmission admission = broker.admission();
  private final StreamPairing pairing = broker.pairing();
  private final StreamStatistics statistics = broker.statistics();

  @Test
  void closedStreamIsRecordedOnceWithWhoBytesTimesAndCloseReason() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    FakePeer device = join(ticket, Side.DEVICE);
    clock.advance(Duration.ofSeconds(2));
    FakePeer service = join(ticket, Side.SERVICE);
    device.relayed = 300;
    service.relayed = 1000;
    clock.advance(Duration.ofSeconds(7));

    pairing.end(ticket.streamId(), Side.SERVICE, CloseCodes.NORMAL, "service closed");
    pairing.end(ticket.streamId(), Side.DEVICE, CloseCodes.NORMAL, "device closed too");

    assertThat(records).hasSize(1);
    StreamRecord r = records.get(0);
    assertThat(r.streamId()).isEqualTo(ticket.streamId());
    assertThat(r.requestedBy()).isEqualTo("service");
    assertThat(r.deviceId()).isEqualTo("dev1");
    assertThat(r.streamName()).isEqualTo("ssh");
    assertThat(r.outcome()).isEqualTo(StreamRecord.Outcome.ACCEPTED);
    assertThat(r.requestedAt()).isEqualTo(START);
    assertThat(r.pairedAt()).isEqualTo(START.plusSeconds(2));
    assertThat(r.endedAt()).isEqualTo(START.plusSeconds(9));
    assertThat(r.relayed()).isEqualTo(Duration.ofSeconds(7));
    assertThat(r.bytesFromDevice()).isEqualTo(300);
    assertThat(r.bytesFromService()).isEqualTo(1000);
    assertThat(r.closeCode()).isEqualTo(CloseCodes.NORMAL);
    assertThat(r.closeReason()).isEqualTo("service closed");
  }

  @Test
  void rejectedStreamIsRecordedWithTheDevicesReason() {
    StreamTicket ticket = admission.open("service", "dev1", "vnc", HANDSHAKE);

    admission.cancel(ticket.streamId(), StreamRecord.Outcome.REJECTED, "no service 'vnc' here");
    admission.cancel(ticket.streamId(), StreamRecord.Outcome.TIMED_OUT, "again");

    assertThat(records).hasSize(1);
    assertThat(records.get(0).outcome()).isEqualTo(StreamRecord.Outcome.REJECTED);
    assertThat(records.get(0).detail()).isEqualTo("no service 'vnc' here");
    assertThat(records.get(0).pairedAt()).isNull();
    assertThat(records.get(0).closeCode()).isNull();
  }

  @Test
  void acceptedStreamWhoseServiceNeverJoinsIsRecordedWith4001() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    join(ticket, Side.DEVICE);
    clock.advance(HANDSHAKE);

    pairing.sweep();

    assertThat(records).hasSize(1);
    assertThat(records.get(0).outcome()).isEqualTo(StreamRecord.Outcome.ACCEPTED);
    assertThat(records.get(0).closeCode()).isEqualTo(CloseCodes.PEER_NEVER_JOINED);
    assertThat(records.get(0).closeReason()).contains("service side never joined");
  }

  @Test
  void silentStreamClosedByTheSweepIsRecordedWithTheHeartbeatCode() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    join(ticket, Side.DEVICE);
    join(ticket, Side.SERVICE);
    for (int i = 0; i < 8; i++) {
      clock.advance(Duration.ofSeconds(10));
      pairing.sweep();
    }

    assertThat(records).hasSize(1);
    assertThat(records.get(0).closeCode()).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
  }

  @Test
  void throttledOpenIsRecordedAsThrottled() {
    admission.open("service", "dev1", "ssh", HANDSHAKE);

    assertThatThrownBy(() -> admission.open("other", "dev2", "ssh", HANDSHAKE))
        .isInstanceOf(HubException.class);

    assertThat(records).hasSize(1);
    assertThat(records.get(0).outcome()).isEqualTo(StreamRecord.Outcome.THROTTLED);
    assertThat(records.get(0).requestedBy()).isEqualTo("other");
    assertThat(records.get(0).streamId()).isNull();
  }

  @Test
  void refusedRequestIsRecordedWithoutAStream() {
    admission.recordRefused(
        "service", "dev9", "ssh", StreamRecord.Outcome.OFFLINE, "device 'dev9' is offline");

    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(StreamRecord.Outcome.OFFLINE);
              assertThat(r.requestedAt()).isEqualTo(START).isEqualTo(r.endedAt());
              assertThat(r.bytesFromDevice()).isZero();
            });
  }

  @Test
  void streamClosedByAPolicyClosesBothSidesWith4008AndTheRecordNamesThePolicy() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    FakePeer device = join(ticket, Side.DEVICE);
    FakePeer service = join(ticket, Side.SERVICE);
    service.relayed = 42;

    assertThat(pairing.close(ticket.streamId(), "iothubowner")).isTrue();

    for (FakePeer side : List.of(device, service)) {
      assertThat(side.closeCode).isEqualTo(CloseCodes.CLOSED_BY_OPERATOR);
      assertThat(side.closeReason).isEqualTo("closed by policy 'iothubowner'");
    }
    assertThat(statistics.active()).isEmpty();
    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.requestedBy()).isEqualTo("service");
              assertThat(r.outcome()).isEqualTo(StreamRecord.Outcome.ACCEPTED);
              assertThat(r.closeCode()).isEqualTo(CloseCodes.CLOSED_BY_OPERATOR);
              assertThat(r.closeReason()).isEqualTo("closed by policy 'iothubowner'");
              assertThat(r.bytesFromService()).isEqualTo(42);
            });
  }

  @Test
  void closingAStreamThatEndedAlreadyChangesNothing() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    join(ticket, Side.DEVICE);
    join(ticket, Side.SERVICE);
    pairing.end(ticket.streamId(), Side.SERVICE, CloseCodes.NORMAL, "service closed");

    assertThat(pairing.close(ticket.streamId(), "iothubowner")).isFalse();
    assertThat(pairing.close("no-such-stream", "iothubowner")).isFalse();

    assertThat(records).singleElement().extracting(StreamRecord::closeCode).isEqualTo(1000);
  }

  @Test
  void openedCountCountsEveryStreamOpenedWhateverBecameOfIt() {
    StreamTicket first = admission.open("service", "dev1", "ssh", HANDSHAKE);
    admission.cancel(first.streamId(), StreamRecord.Outcome.REJECTED, "no such service");
    admission.open("service", "dev1", "ssh", HANDSHAKE);

    assertThat(statistics.openedCount()).isEqualTo(2);
  }

  private FakePeer join(StreamTicket ticket, Side side) {
    FakePeer peer = new FakePeer();
    pairing.authorize(ticket.streamId(), ticket.token(side));
    pairing.join(ticket.streamId(), side, peer);
    return peer;
  }
}
