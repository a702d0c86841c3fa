package io.devstreams.hub.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamSettingsTest {

  private static final Duration SECONDS_5 = Duration.ofSeconds(5);

  @Test
  void defaultsAreTheDocumentedOnes() {
    StreamSettings defaults = StreamSettings.defaults();

    assertThat(defaults.pingInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.closeGrace()).isEqualTo(SECONDS_5);
    assertThat(defaults.shutdownGrace()).isEqualTo(Duration.ofSeconds(20));
    assertThat(defaults.limits().maxPending()).isEqualTo(10_000);
  }

  @Test
  void zeroDurationIsRejectedNamingItsKey() {
    assertThatThrownBy(
            () ->
                new StreamSettings(
                    Duration.ZERO,
                    Duration.ofSeconds(60),
                    SECONDS_5,
                    Duration.ZERO,
                    StreamLimits.defaults()))
        .hasMessageContaining(StreamSettings.PING_INTERVAL);
  }

  @Test
  void pingIntervalMustBeShorterThanIdleTimeout() {
    assertThatThrownBy(
            () ->
                new StreamSettings(
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(60),
                    SECONDS_5,
                    Duration.ZERO,
                    StreamLimits.defaults()))
        .hasMessageContaining("shorter than");
  }

  @Test
  void negativeShutdownGraceIsRejectedNamingItsKey() {
    assertThatThrownBy(() -> StreamSettings.defaults().withShutdownGrace(Duration.ofSeconds(-1)))
        .hasMessageContaining(StreamSettings.SHUTDOWN_GRACE);
  }

  @Test
  void maxPendingBelowOneIsRejected() {
    assertThatThrownBy(() -> new StreamLimits(1, 1, 0, 1, 1))
        .hasMessageContaining(StreamLimits.MAX_PENDING);
  }
}
