package io.devstreams.hub.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.hub.streams.StreamRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HubCountersTest {

  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

  private final HubCounters counters = new HubCounters();

  @Test
  void countsOpenedAndClosedStreamsAndTheirSetUpTimes() {
    counters.paired(Duration.ofMillis(40));
    counters.paired(Duration.ofSeconds(3));
    counters.ended(accepted(T.plusSeconds(1)));

    assertThat(counters.opened()).isEqualTo(2);
    assertThat(counters.closed()).isEqualTo(1);
    assertThat(counters.setUp().count()).isEqualTo(2);
    assertThat(counters.setUp().sum()).isEqualTo(3.04);
  }

  @Test
  void countsRefusalsByReasonAndAnAcceptedStreamThatNeverPairedAsNotJoined() {
    counters.ended(refused(StreamRecord.Outcome.OFFLINE));
    counters.ended(refused(StreamRecord.Outcome.OFFLINE));
    counters.ended(refused(StreamRecord.Outcome.THROTTLED));
    counters.ended(accepted(null));

    assertThat(counters.refusedByReason())
        .containsEntry("offline", 2L)
        .containsEntry("throttled", 1L)
        .containsEntry("rejected", 0L)
        .containsEntry("notJoined", 1L)
        .doesNotContainKey("accepted");
    assertThat(counters.closed()).isZero();
  }

  @Test
  void countsDeviceConnectsAndDisconnects() {
    counters.connected();
    counters.connected();
    counters.disconnected();

    assertThat(counters.deviceConnects()).isEqualTo(2);
    assertThat(counters.deviceDisconnects()).isEqualTo(1);
  }

  private static StreamRecord refused(StreamRecord.Outcome outcome) {
    return StreamRecord.refused("service", "dev1", "ssh", outcome, "why", T);
  }

  private static StreamRecord accepted(Instant pairedAt) {
    return new StreamRecord(
        "s1",
        "service",
        "dev1",
        "ssh",
        StreamRecord.Outcome.ACCEPTED,
        null,
        T,
        pairedAt,
        T.plusSeconds(2),
        10,
        20,
        1000,
        "done");
  }
}
