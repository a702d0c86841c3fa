package io.devstreams.hub.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FigureHistoryTest {

  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void pointsAreRatesBetweenNeighbouringSamplesEndingNow() {
    FigureHistory history = new FigureHistory(10);
    history.add(new FigureHistory.Sample(T, 1, 0, 0, 0));
    history.add(new FigureHistory.Sample(T.plusSeconds(10), 3, 1, 5, 10_000));

    List<HubReport.Point> points =
        history.points(new FigureHistory.Sample(T.plusSeconds(15), 4, 1, 6, 12_000));

    assertThat(points).hasSize(2);
    assertThat(points.get(0).devicesConnected()).isEqualTo(3);
    assertThat(points.get(0).streamsOpenedPerMinute()).isEqualTo(30.0);
    assertThat(points.get(0).bytesPerSecond()).isEqualTo(1000.0);
    assertThat(points.get(1).streamsOpenedPerMinute()).isEqualTo(12.0);
    assertThat(points.get(1).bytesPerSecond()).isEqualTo(400.0);
  }

  @Test
  void keepsOnlyTheNewestSamples() {
    FigureHistory history = new FigureHistory(2);
    for (int i = 0; i < 5; i++) {
      history.add(new FigureHistory.Sample(T.plusSeconds(10L * i), i, 0, 0, 0));
    }

    assertThat(history.points(new FigureHistory.Sample(T.plusSeconds(50), 9, 0, 0, 0)))
        .extracting(HubReport.Point::devicesConnected)
        .containsExactly(4, 9);
  }

  @Test
  void aHistoryNeedsRoomForTwoSamples() {
    assertThatThrownBy(() -> new FigureHistory(1)).isInstanceOf(IllegalArgumentException.class);
  }
}
