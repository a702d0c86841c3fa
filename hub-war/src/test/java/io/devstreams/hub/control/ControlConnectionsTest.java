package io.devstreams.hub.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.control.ControlConnections.Admission;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.streams.MutableClock;
import io.devstreams.protocol.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ControlConnectionsTest {
  private static final String A = "203.0.113.7";
  private static final String B = "198.51.100.2";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final ControlConnections connections = new ControlConnections(3, clock);

  @Test
  void admitsUpToTheLimitThenRefusesWithAThrottledErrorNamingAddressLimitAndSetting() {
    for (int i = 0; i < 3; i++) {
      connections.admit(A);
    }

    assertThatThrownBy(() -> connections.admit(A))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(HubException.Kind.THROTTLED);
              assertThat(e.errorCode()).isEqualTo(ErrorCode.THROTTLED);
              assertThat(e.retryAfter()).hasValue(ControlConnections.RETRY_AFTER);
            })
        .hasMessage(
            "too many control connections from 203.0.113.7"
                + " (limit 3, setting devstreams.control.max-per-address)");
    assertThat(connections.count(A)).isEqualTo(3);
  }

  @Test
  void aFullAddressDoesNotAffectAnotherOne() {
    for (int i = 0; i < 3; i++) {
      connections.admit(A);
    }

    connections.admit(B);

    assertThat(connections.count(B)).isEqualTo(1);
    assertThat(connections.total()).isEqualTo(4);
  }

  @Test
  void aSlotGivenBackIsAvailableAgain() {
    List<Admission> held = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      held.add(connections.admit(A));
    }

    held.get(1).release();

    assertThat(connections.admit(A).address()).isEqualTo(A);
  }

  @Test
  void aSlotIsGivenBackOnceHoweverOftenItIsReleased() {
    Admission first = connections.admit(A);
    connections.admit(A);
    assertThat(first.open()).isTrue();

    assertThat(first.release()).isTrue();
    assertThat(first.release()).isFalse();
    assertThat(first.release()).isFalse();

    assertThat(connections.count(A)).isEqualTo(1);
  }

  @Test
  void aRefusedUpgradeGivesItsSlotBackAndTheCountReturnsToZero() {
    Admission refused = connections.admit(A);

    refused.release();

    assertThat(connections.count(A)).isZero();
    assertThat(connections.total()).isZero();
    assertThat(refused.open()).as("a released slot cannot be opened").isFalse();
  }

  @Test
  void anUpgradeThatNeverOpensIsGivenBackAfterTheDeadlineButAnOpenChannelIsKept() {
    Admission lost = connections.admit(A);
    Admission open = connections.admit(A);
    assertThat(open.open()).isTrue();

    clock.advance(ControlConnections.UPGRADE_DEADLINE);
    assertThat(connections.sweep()).as("not past the deadline yet").isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(connections.sweep()).isEqualTo(1);

    assertThat(connections.count(A)).isEqualTo(1);
    assertThat(lost.open()).as("too late: the channel must close").isFalse();
    assertThat(lost.release()).as("given back already").isFalse();
    open.release();
    assertThat(connections.total()).isZero();
  }

  @Test
  void aSlotCannotBeOpenedTwice() {
    Admission admission = connections.admit(A);

    assertThat(admission.open()).isTrue();
    assertThat(admission.open()).isFalse();
    assertThat(connections.count(A)).isEqualTo(1);
  }

  @Test
  void refusesALimitBelowOne() {
    assertThatThrownBy(() -> new ControlConnections(0, clock))
        .hasMessage("devstreams.control.max-per-address must be at least 1, got 0");
  }

  @Test
  void concurrentConnectionsNeverExceedTheLimitAndLeaveNothingBehind() throws Exception {
    int limit = 5;
    ControlConnections shared = new ControlConnections(limit, clock);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger over = new AtomicInteger();
    AtomicInteger admitted = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        String address = t % 2 == 0 ? A : B;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 5_000; i++) {
                    churn(shared, address, limit, over, admitted);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(over.get()).as("counts seen above the limit").isZero();
    assertThat(admitted.get()).as("some connections got in").isPositive();
    assertThat(shared.total()).isZero();
    assertThat(shared.count(A)).isZero();
    assertThat(shared.count(B)).isZero();
  }

  /** One connection's life, ending one of the ways a channel ends, with repeated releases. */
  private static void churn(
      ControlConnections shared,
      String address,
      int limit,
      AtomicInteger over,
      AtomicInteger admitted) {
    Admission a;
    try {
      a = shared.admit(address);
    } catch (HubException e) {
      return;
    }
    admitted.incrementAndGet();
    if (shared.count(address) > limit) {
      over.incrementAndGet();
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (random.nextBoolean()) {
      a.open();
    }
    a.release();
    if (random.nextBoolean()) {
      a.release(); // an error and a close both reporting the end
    }
  }
}
