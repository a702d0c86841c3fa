package io.devstreams.protocol.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

  @Test
  void defaultPingsEveryTwentySecondsAndGivesUpAfterSixty() {
    assertThat(Heartbeat.fromEnvironment(Map.of())).isEqualTo(Heartbeat.DEFAULT);
    assertThat(Heartbeat.DEFAULT.interval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(Heartbeat.DEFAULT.timeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void environmentSetsTheIntervalAndThreeIntervalsTheTimeout() {
    Heartbeat heartbeat = Heartbeat.fromEnvironment(Map.of(Heartbeat.ENV, " 5 "));

    assertThat(heartbeat.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(heartbeat.timeoutSeconds()).isEqualTo(15);
  }

  @Test
  void badEnvironmentValuesNameTheVariable() {
    for (String bad : new String[] {"0", "-1", "3601", "5s", "x"}) {
      assertThatThrownBy(() -> Heartbeat.fromEnvironment(Map.of(Heartbeat.ENV, bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "DEVSTREAMS_HEARTBEAT_SECONDS must be a whole number of seconds from 1 to 3600"
                  + " (got '"
                  + bad
                  + "')");
    }
  }

  @Test
  void timeoutShorterThanTwoIntervalsIsRefused() {
    assertThatThrownBy(() -> new Heartbeat(Duration.ofSeconds(10), Duration.ofSeconds(15)))
        .hasMessage("heartbeat timeout must be at least twice the interval");
  }
}
