package io.devstreams.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final MutableClock clock = new MutableClock();

  @Test
  void ceilingDoublesFromOneSecondUpToThirtySeconds() {
    Backoff backoff = backoff(() -> 1.0);

    assertThat(delays(backoff, 7))
        .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L);
  }

  @Test
  void fullJitterDrawsUniformlyBelowTheCeiling() {
    Backoff backoff = backoff(() -> 0.25);

    assertThat(delays(backoff, 4)).containsExactly(250L, 500L, 1_000L, 2_000L);
  }

  @Test
  void delayMayBeZero() {
    assertThat(backoff(() -> 0.0).nextDelay()).isEqualTo(Duration.ZERO);
  }

  @Test
  void delayNeverExceedsTheCapAfterManyAttempts() {
    Backoff backoff = backoff(() -> 0.999_999);

    for (int i = 0; i < 100; i++) {
      assertThat(backoff.nextDelay()).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }
  }

  @Test
  void connectionUpForThirtySecondsStartsTheDelaysOver() {
    Backoff backoff = backoff(() -> 1.0);
    delays(backoff, 5);

    backoff.connected();
    clock.advance(Duration.ofSeconds(30));
    backoff.disconnected();

    assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shortConnectionKeepsTheDelaysGrowing() {
    Backoff backoff = backoff(() -> 1.0);
    delays(backoff, 3);

    backoff.connected();
    clock.advance(Duration.ofSeconds(29));
    backoff.disconnected();

    assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void disconnectWithoutConnectDoesNotReset() {
    Backoff backoff = backoff(() -> 1.0);
    delays(backoff, 2);

    clock.advance(Duration.ofMinutes(5));
    backoff.disconnected();

    assertThat(backoff.nextCeiling()).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void maxShorterThanInitialIsRefused() {
    assertThatThrownBy(
            () ->
                new Backoff(
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(30),
                    () -> 0.5,
                    clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximum backoff is shorter than the initial backoff");
  }

  private Backoff backoff(DoubleSupplier random) {
    return new Backoff(
        Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30), random, clock);
  }

  private static List<Long> delays(Backoff backoff, int count) {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      delays.add(backoff.nextDelay().toMillis());
    }
    return delays;
  }
}
