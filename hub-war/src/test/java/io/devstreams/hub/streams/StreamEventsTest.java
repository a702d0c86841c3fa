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

/** The broker tells its events each pairing, with its set-up time, and each request's end. */
class StreamEventsTest {

  private static final Duration HANDSHAKE = Duration.ofSeconds(30);
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final List<Duration> setUps = new CopyOnWriteArrayList<>();
  private final List<StreamRecord> ended = new CopyOnWriteArrayList<>();
  private final StreamBroker broker =
      new StreamBroker(
          new StreamSettings(
              Duration.ofSeconds(20),
              Duration.ofSeconds(60),
              Duration.ofSeconds(5),
              Duration.ZERO,
              new StreamLimits(1, 100, 10, 1000, 1000)),
          clock,
          StreamRecorder.NONE,
          new StreamEvents() {
            @Override
            public void paired(Duration setUp) {
              setUps.add(setUp);
            }

            @Override
            public void ended(StreamRecord record) {
              ended.add(record);
            }
          });
  private final StreamAdmission admission = broker.admission();
  private final StreamPairing pairing = broker.pairing();

  @Test
  void aPairedStreamReportsItsSetUpTimeOnceAndItsEndWithItsBytes() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    clock.advance(Duration.ofMillis(200));
    join(ticket, Side.DEVICE);
    clock.advance(Duration.ofMillis(300));
    FakePeer service = join(ticket, Side.SERVICE);
    service.relayed = 1234;

    pairing.end(ticket.streamId(), Side.SERVICE, CloseCodes.NORMAL, "done");
    pairing.end(ticket.streamId(), Side.DEVICE, CloseCodes.NORMAL, "done too");

    assertThat(setUps).containsExactly(Duration.ofMillis(500));
    assertThat(ended).hasSize(1);
    assertThat(ended.get(0).outcome()).isEqualTo(StreamRecord.Outcome.ACCEPTED);
    assertThat(ended.get(0).bytesFromService()).isEqualTo(1234);
  }

  @Test
  void refusedAndCancelledRequestsEndWithTheirReasonAndNeverPair() {
    StreamTicket first = admission.open("service", "dev1", "ssh", HANDSHAKE);
    assertThatThrownBy(() -> admission.open("service", "dev1", "ssh", HANDSHAKE))
        .isInstanceOf(HubException.class); // one stream per device here
    admission.recordRefused("service", "dev2", "ssh", StreamRecord.Outcome.OFFLINE, "offline");
    admission.cancel(first.streamId(), StreamRecord.Outcome.REJECTED, "no ssh here");

    assertThat(setUps).isEmpty();
    assertThat(ended)
        .extracting(StreamRecord::outcome)
        .containsExactly(
            StreamRecord.Outcome.THROTTLED,
            StreamRecord.Outcome.OFFLINE,
            StreamRecord.Outcome.REJECTED);
  }

  private FakePeer join(StreamTicket ticket, Side side) {
    FakePeer peer = new FakePeer();
    pairing.authorize(ticket.streamId(), ticket.token(side));
    pairing.join(ticket.streamId(), side, peer);
    return peer;
  }
}
