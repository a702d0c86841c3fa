package io.devstreams.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.hub.streams.StreamInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamRatesTest {

  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");
  private final StreamRates rates = new StreamRates();

  @Test
  void aNewStreamsRateIsOverItsWholeLife() {
    List<LiveStream> streams =
        rates.update(
            List.of(new StreamInfo("s1", "dev1", "ssh", Duration.ofSeconds(4), 4000, 400)), T);

    assertThat(streams)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.rateFromDevice()).isEqualTo(1000);
              assertThat(s.rateFromService()).isEqualTo(100);
            });
  }

  @Test
  void laterRatesAreOverTheTimeSinceThePreviousSnapshot() {
    rates.update(List.of(new StreamInfo("s1", "dev1", "ssh", Duration.ofSeconds(10), 1000, 0)), T);

    List<LiveStream> streams =
        rates.update(
            List.of(new StreamInfo("s1", "dev1", "ssh", Duration.ofSeconds(12), 5000, 0)),
            T.plusSeconds(2));

    assertThat(streams.get(0).rateFromDevice()).isEqualTo(2000);
    assertThat(streams.get(0).bytesFromDevice()).isEqualTo(5000);
  }

  @Test
  void oldestStreamComesFirst() {
    List<LiveStream> streams =
        rates.update(
            List.of(
                new StreamInfo("young", "dev1", "ssh", Duration.ofSeconds(1), 0, 0),
                new StreamInfo("old", "dev2", "ssh", Duration.ofSeconds(90), 0, 0)),
            T);

    assertThat(streams).extracting(LiveStream::streamId).containsExactly("old", "young");
  }
}
