package io.devstreams.hub.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamSettingsTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    StreamSettings defaults = StreamSettings.defaults();

    assertThat(defaults.pingInterval()).isEqualTo(Duration.ofSeconds(20));
    assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.closeGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.maxPending()).isEqualTo(10_000);
  }

  @Test
  void zeroDurationIsRejectedNamingItsKey() {
    assertThatThrownBy(
            () ->
                new StreamSettings(Duration.ZERO, Duration.ofSeconds(60), Duration.ofSeconds(5), 1))
        .hasMessageContaining(StreamSettings.PING_INTERVAL);
  }

  @Test
  void pingIntervalMustBeShorterThanIdleTimeout() {
    assertThatThrownBy(
            () ->
                new StreamSettings(
                    Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(5), 1))
        .hasMessageContaining("shorter than");
  }

  @Test
  void maxPendingBelowOneIsRejected() {
    assertThatThrownBy(
            () ->
                new StreamSettings(
                    Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofSeconds(5), 0))
        .hasMessageContaining(StreamSettings.MAX_PENDING);
  }
}
