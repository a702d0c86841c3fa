package io.devstreams.protocol.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

  @Test
  void defaultPingsEveryTwentySecondsAndGivesUpAfterSixty() {
    assertThat(Heartbeat.DEFAULT.interval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(Heartbeat.DEFAULT.timeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void timeoutShorterThanTwoIntervalsIsRefused() {
    assertThatThrownBy(() -> new Heartbeat(Duration.ofSeconds(10), Duration.ofSeconds(15)))
        .hasMessage("heartbeat timeout must be at least twice the interval");
  }
}
