package io.devstreams.hub.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.settings.StreamLimits;
import io.devstreams.hub.settings.StreamSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The broker's limits: streams per device and per hub, and new streams per second per policy. */
class StreamLimitsTest {

  private static final Duration HANDSHAKE = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final List<StreamRecord> records = new CopyOnWriteArrayList<>();
  private final StreamBroker broker =
      new StreamBroker(
          StreamSettings.defaults()
              .withShutdownGrace(Duration.ZERO)
              .withLimits(new StreamLimits(2, 3, 10_000, 1, 2)),
          clock,
          records::add,
          StreamEvents.NONE);
  private final StreamAdmission admission = broker.admission();

  @Test
  void aDeviceAtItsMaximumRefusesMoreWhileOtherDevicesStillGetStreams() {
    admission.open("service", "dev1", "ssh", HANDSHAKE);
    admission.open("service", "dev1", "ssh", HANDSHAKE);

    assertThatThrownBy(() -> admission.open("service", "dev1", "ssh", HANDSHAKE))
        .isInstanceOf(HubException.class)
        .hasMessage("device 'dev1' has its maximum of 2 streams open; close one first")
        .extracting(e -> ((HubException) e).kind())
        .isEqualTo(HubException.Kind.THROTTLED);
    assertThat(admission.open("service", "dev2", "ssh", HANDSHAKE).deviceId()).isEqualTo("dev2");
    assertThat(records).extracting(StreamRecord::outcome).contains(StreamRecord.Outcome.THROTTLED);
  }

  @Test
  void anEndedStreamFreesItsDevicesSlot() {
    StreamTicket first = admission.open("service", "dev1", "ssh", HANDSHAKE);
    admission.open("service", "dev1", "ssh", HANDSHAKE);

    admission.cancel(first.streamId(), StreamRecord.Outcome.REJECTED, "device rejected");

    assertThat(admission.open("service", "dev1", "ssh", HANDSHAKE).deviceId()).isEqualTo("dev1");
  }

  @Test
  void theHubAtItsMaximumRefusesAnyNewStream() {
    admission.open("service", "dev1", "ssh", HANDSHAKE);
    admission.open("service", "dev2", "ssh", HANDSHAKE);
    admission.open("service", "dev3", "ssh", HANDSHAKE);

    assertThatThrownBy(() -> admission.open("service", "dev4", "ssh", HANDSHAKE))
        .hasMessage("the hub carries its maximum of 3 streams");
  }

  @Test
  void aPolicyOverItsRateIsToldWhenToRetryAndAnotherPolicyIsNotSlowed() {
    admission.admit("service", "dev1", "ssh");
    admission.admit("service", "dev1", "ssh");

    assertThatThrownBy(() -> admission.admit("service", "dev1", "ssh"))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("policy 'service' asked for more than 1 new streams a second")
        .satisfies(
            e -> assertThat(((HubException) e).retryAfter()).hasValue(Duration.ofSeconds(1)));
    admission.admit("iothubowner", "dev1", "ssh");
    clock.advance(Duration.ofSeconds(1));
    admission.admit("service", "dev1", "ssh");
  }

  @Test
  void aRejectedAdmissionIsRecordedAsThrottled() {
    admission.admit("service", "dev1", "ssh");
    admission.admit("service", "dev1", "ssh");

    assertThatThrownBy(() -> admission.admit("service", "dev1", "ssh"))
        .isInstanceOf(HubException.class);

    assertThat(records)
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo(StreamRecord.Outcome.THROTTLED));
  }

  @Test
  void limitsBelowOneAreRefusedNamingTheKey() {
    assertThatThrownBy(() -> new StreamLimits(0, 1, 1, 1, 1))
        .hasMessage("devstreams.streams.max-per-device must be at least 1, got 0");
    assertThatThrownBy(() -> new StreamLimits(1, 1, 1, 0, 1))
        .hasMessage("devstreams.streams.rate-per-identity must be a positive number, got 0.0");
  }
}
