package io.devstreams.hub.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.settings.StreamLimits;
import io.devstreams.hub.settings.StreamSettings;
import io.devstreams.protocol.CloseCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamBrokerTest {

  private static final Duration HANDSHAKE = Duration.ofSeconds(30);

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
  private final StreamBroker broker =
      new StreamBroker(
          new StreamSettings(
              Duration.ofSeconds(20),
              Duration.ofSeconds(60),
              Duration.ofSeconds(5),
              Duration.ZERO,
              new StreamLimits(64, 10_000, 3, 50, 100)),
          clock,
          StreamRecorder.NONE,
          StreamEvents.NONE);
  private final StreamAdmission admission = broker.admission();
  private final StreamPairing pairing = broker.pairing();
  private final StreamStatistics statistics = broker.statistics();

  @Test
  void openGivesRandomUrlSafeIdsAndTokensOfAtLeast128Bits() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
      for (String value :
          new String[] {ticket.streamId(), ticket.deviceToken(), ticket.serviceToken()}) {
        assertThat(value).matches("[A-Za-z0-9_-]{22,}");
        assertThat(seen.add(value)).isTrue();
      }
      admission.cancel(ticket.streamId(), StreamRecord.Outcome.REJECTED, "test");
    }
  }

  @Test
  void ticketCarriesDeviceNameAndDeadline() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);

    assertThat(ticket.deviceId()).isEqualTo("dev1");
    assertThat(ticket.streamName()).isEqualTo("ssh");
    assertThat(ticket.deadline()).isEqualTo(clock.instant().plus(HANDSHAKE));
  }

  @Test
  void ticketToStringLeavesTokensOut() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);

    assertThat(ticket.toString())
        .contains(ticket.streamId())
        .doesNotContain(ticket.deviceToken())
        .doesNotContain(ticket.serviceToken());
  }

  @Test
  void deviceTokenAuthorizesTheDeviceSide() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);

    assertThat(pairing.authorize(ticket.streamId(), ticket.deviceToken())).isEqualTo(Side.DEVICE);
  }

  @Test
  void serviceTokenAuthorizesTheServiceSide() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);

    assertThat(pairing.authorize(ticket.streamId(), ticket.serviceToken())).isEqualTo(Side.SERVICE);
  }

  @Test
  void replayedTokenIsRefused() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    pairing.authorize(ticket.streamId(), ticket.deviceToken());

    assertThatThrownBy(() -> pairing.authorize(ticket.streamId(), ticket.deviceToken()))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("already used")
        .extracting(e -> ((HubException) e).kind())
        .isEqualTo(HubException.Kind.UNAUTHORIZED);
  }

  @Test
  void usingOneSideTokenLeavesTheOtherSideTokenValid() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    pairing.authorize(ticket.streamId(), ticket.deviceToken());

    assertThat(pairing.authorize(ticket.streamId(), ticket.serviceToken())).isEqualTo(Side.SERVICE);
  }

  @Test
  void wrongTokenGetsTheSameAnswerAsAnUnknownStream() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);

    assertThatThrownBy(() -> pairing.authorize(ticket.streamId(), "not-the-token"))
        .hasMessage(HubException.INVALID_CREDENTIALS);
    assertThatThrownBy(() -> pairing.authorize("no-such-stream", ticket.deviceToken()))
        .hasMessage(HubException.INVALID_CREDENTIALS);
  }

  @Test
  void tokenOfAnotherStreamIsRefused() {
    StreamTicket one = admission.open("service", "dev1", "ssh", HANDSHAKE);
    StreamTicket two = admission.open("service", "dev1", "ssh", HANDSHAKE);

    assertThatThrownBy(() -> pairing.authorize(one.streamId(), two.deviceToken()))
        .hasMessage(HubException.INVALID_CREDENTIALS);
  }

  @Test
  void missingTokenIsRefused() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);

    assertThatThrownBy(() -> pairing.authorize(ticket.streamId(), null))
        .hasMessage(HubException.INVALID_CREDENTIALS);
  }

  @Test
  void tokenPresentedAtTheDeadlineIsRefusedAsExpired() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    clock.advance(HANDSHAKE);

    assertThatThrownBy(() -> pairing.authorize(ticket.streamId(), ticket.deviceToken()))
        .hasMessageContaining("expired");
  }

  @Test
  void firstSideToJoinWaitsForItsPartner() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    FakePeer device = join(ticket, Side.DEVICE);

    assertThat(device.partners).isEmpty();
    assertThat(statistics.pendingCount()).isEqualTo(1);
    assertThat(statistics.activeCount()).isZero();
  }

  @Test
  void joiningBothSidesTellsEachPeerItsPartner() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    FakePeer device = join(ticket, Side.DEVICE);
    FakePeer service = join(ticket, Side.SERVICE);

    assertThat(device.partners).containsExactly(service);
    assertThat(service.partners).containsExactly(device);
    assertThat(statistics.pendingCount()).isZero();
    assertThat(statistics.activeCount()).isEqualTo(1);
  }

  @Test
  void joiningASideThatWasNotAuthorizedClosesThePeerWith1008() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    pairing.authorize(ticket.streamId(), ticket.deviceToken());
    FakePeer impostor = new FakePeer();

    pairing.join(ticket.streamId(), Side.SERVICE, impostor);

    assertThat(impostor.closeCode).isEqualTo(CloseCodes.POLICY_VIOLATION);
    assertThat(impostor.partners).isEmpty();
  }

  @Test
  void secondJoinOnTheSameSideIsClosedWith4002() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    FakePeer first = join(ticket, Side.DEVICE);
    FakePeer second = new FakePeer();

    pairing.join(ticket.streamId(), Side.DEVICE, second);

    assertThat(second.closeCode).isEqualTo(CloseCodes.SIDE_ALREADY_JOINED);
    assertThat(first.closeCode).isNull();
  }

  @Test
  void joiningAStreamThatIsGoneClosesThePeerWith4003() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    pairing.authorize(ticket.streamId(), ticket.deviceToken());
    admission.cancel(ticket.streamId(), StreamRecord.Outcome.REJECTED, "device rejected");
    FakePeer late = new FakePeer();

    pairing.join(ticket.streamId(), Side.DEVICE, late);

    assertThat(late.closeCode).isEqualTo(CloseCodes.EXPIRED);
  }

  @Test
  void sweepAtTheDeadlineClosesAHalfJoinedStreamWith4001() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    FakePeer device = join(ticket, Side.DEVICE);
    clock.advance(HANDSHAKE);

    pairing.sweep();

    assertThat(device.closeCode).isEqualTo(CloseCodes.PEER_NEVER_JOINED);
    assertThat(device.closeReason).contains("service side never joined");
    assertThat(statistics.pendingCount()).isZero();
  }

  @Test
  void sweepAtTheDeadlineForgetsAStreamNobodyJoined() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    clock.advance(HANDSHAKE);

    pairing.sweep();

    assertThat(statistics.pendingCount()).isZero();
    assertThatThrownBy(() -> pairing.authorize(ticket.streamId(), ticket.deviceToken()))
        .hasMessage(HubException.INVALID_CREDENTIALS);
  }

  @Test
  void sweepBeforeTheDeadlineLeavesPendingStreamsAlone() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    FakePeer device = join(ticket, Side.DEVICE);
    clock.advance(HANDSHAKE.minusMillis(1));

    pairing.sweep();

    assertThat(device.closeCode).isNull();
    assertThat(statistics.pendingCount()).isEqualTo(1);
  }

  @Test
  void cancelClosesAJoinedSideWith4001AndForgetsTheStream() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    FakePeer device = join(ticket, Side.DEVICE);

    assertThat(admission.cancel(ticket.streamId(), StreamRecord.Outcome.REJECTED, "no answer"))
        .isTrue();

    assertThat(device.closeCode).isEqualTo(CloseCodes.PEER_NEVER_JOINED);
    assertThat(device.closeReason).contains("no answer");
    assertThat(statistics.pendingCount()).isZero();
  }

  @Test
  void cancelLeavesAPairedStreamAlone() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    FakePeer device = join(ticket, Side.DEVICE);
    join(ticket, Side.SERVICE);

    assertThat(admission.cancel(ticket.streamId(), StreamRecord.Outcome.REJECTED, "too late"))
        .isFalse();
    assertThat(device.closeCode).isNull();
    assertThat(statistics.activeCount()).isEqualTo(1);
  }

  @Test
  void endClosesThePartnerWithTheSameCodeAndReason() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    FakePeer device = join(ticket, Side.DEVICE);
    FakePeer service = join(ticket, Side.SERVICE);

    pairing.end(ticket.streamId(), Side.DEVICE, CloseCodes.NORMAL, "the device side closed");

    assertThat(service.closeCode).isEqualTo(CloseCodes.NORMAL);
    assertThat(service.closeReason).isEqualTo("the device side closed");
    assertThat(device.closeCode).isNull();
    assertThat(statistics.activeCount()).isZero();
  }

  @Test
  void sideJoiningAfterItsPartnerLeftIsClosedWithThePartnersReason() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    join(ticket, Side.DEVICE);
    pairing.end(ticket.streamId(), Side.DEVICE, 4005, "the device side closed: port 22 refused");

    FakePeer service = join(ticket, Side.SERVICE);

    assertThat(service.closeCode).isEqualTo(4005);
    assertThat(service.closeReason).isEqualTo("the device side closed: port 22 refused");
    assertThat(statistics.pendingCount()).isZero();
    assertThat(statistics.activeCount()).isZero();
  }

  @Test
  void streamWhoseOnlySideLeftIsForgottenAtTheDeadline() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    join(ticket, Side.DEVICE);
    pairing.end(ticket.streamId(), Side.DEVICE, CloseCodes.PEER_CLOSED, "gone");
    clock.advance(HANDSHAKE);

    pairing.sweep();

    assertThat(statistics.pendingCount()).isZero();
    assertThatThrownBy(() -> pairing.authorize(ticket.streamId(), ticket.serviceToken()))
        .hasMessage(HubException.INVALID_CREDENTIALS);
  }

  @Test
  void endingAStreamTwiceClosesThePartnerOnce() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    FakePeer device = join(ticket, Side.DEVICE);
    FakePeer service = join(ticket, Side.SERVICE);

    pairing.end(ticket.streamId(), Side.DEVICE, CloseCodes.PEER_CLOSED, "gone");
    pairing.end(ticket.streamId(), Side.SERVICE, CloseCodes.NORMAL, "closed");

    assertThat(service.closeCalls).isEqualTo(1);
    assertThat(device.closeCalls).isZero();
  }

  @Test
  void openingBeyondTheMaximumOfPendingStreamsIsThrottled() {
    for (int i = 0; i < 3; i++) {
      admission.open("service", "dev1", "ssh", HANDSHAKE);
    }

    assertThatThrownBy(() -> admission.open("service", "dev1", "ssh", HANDSHAKE))
        .isInstanceOf(HubException.class)
        .extracting(e -> ((HubException) e).kind())
        .isEqualTo(HubException.Kind.THROTTLED);
  }

  @Test
  void pairingFreesAPendingSlot() {
    StreamTicket first = admission.open("service", "dev1", "ssh", HANDSHAKE);
    admission.open("service", "dev1", "ssh", HANDSHAKE);
    admission.open("service", "dev1", "ssh", HANDSHAKE);
    join(first, Side.DEVICE);
    join(first, Side.SERVICE);

    assertThat(admission.open("service", "dev1", "ssh", HANDSHAKE)).isNotNull();
  }

  @Test
  void silentSideIsPingedAfterThePingInterval() {
    FakePeer[] peers = paired();
    clock.advance(Duration.ofSeconds(20));

    pairing.sweep();

    assertThat(peers[0].pings).isEqualTo(1);
    assertThat(peers[1].pings).isEqualTo(1);
  }

  @Test
  void silentSideIsPingedOncePerInterval() {
    FakePeer[] peers = paired();
    clock.advance(Duration.ofSeconds(20));
    pairing.sweep();
    clock.advance(Duration.ofSeconds(10));
    pairing.sweep();
    clock.advance(Duration.ofSeconds(10));
    pairing.sweep();

    assertThat(peers[0].pings).isEqualTo(2);
  }

  @Test
  void sideThatSentSomethingIsNotPinged() {
    FakePeer[] peers = paired();
    clock.advance(Duration.ofSeconds(19));
    peers[0].heard = 10;
    pairing.sweep();
    clock.advance(Duration.ofSeconds(19));

    pairing.sweep();

    assertThat(peers[0].pings).isZero();
    assertThat(peers[1].pings).isEqualTo(1);
  }

  @Test
  void sideSilentForTheIdleTimeoutClosesTheStreamWith4006() {
    FakePeer[] peers = paired();
    for (int i = 0; i < 6; i++) {
      clock.advance(Duration.ofSeconds(10));
      peers[1].heard += 1;
      pairing.sweep();
    }

    assertThat(peers[0].closeCode).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
    assertThat(peers[0].closeReason).contains("device side sent nothing");
    assertThat(peers[1].closeCode).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
    assertThat(statistics.activeCount()).isZero();
  }

  @Test
  void slowReceiverThatSendsNothingButKeepsTakingDataIsNotSilent() {
    FakePeer[] peers = paired();
    for (int i = 0; i < 12; i++) {
      clock.advance(Duration.ofSeconds(10));
      peers[1].heard += 1;
      peers[1].relayed += 16 * 1024;
      pairing.sweep();
    }

    assertThat(peers[0].closeCode).isNull();
    assertThat(statistics.activeCount()).isEqualTo(1);
  }

  @Test
  void receiverWhoseSenderIsHeldBackForItIsNotSilent() {
    FakePeer[] peers = paired();
    peers[1].heldBack = true;
    for (int i = 0; i < 12; i++) {
      clock.advance(Duration.ofSeconds(10));
      pairing.sweep();
    }

    assertThat(peers[0].closeCode).isNull();
    assertThat(statistics.activeCount()).isEqualTo(1);
  }

  @Test
  void sideHeldBackByItsPartnerIsNotSilent() {
    FakePeer[] peers = paired();
    peers[0].heldBack = true;
    peers[1].heldBack = true;
    clock.advance(Duration.ofSeconds(90));

    pairing.sweep();

    assertThat(peers[0].closeCode).isNull();
    assertThat(peers[0].pings).isZero();
  }

  @Test
  void closingPeerIsAbortedWhenItOutlastsTheCloseGrace() {
    FakePeer[] peers = paired();
    pairing.end(statistics.active().get(0).streamId(), Side.DEVICE, CloseCodes.NORMAL, "bye");
    clock.advance(Duration.ofSeconds(5));

    pairing.sweep();

    assertThat(peers[0].aborted).isTrue();
    assertThat(peers[1].aborted).isTrue();
  }

  @Test
  void peerThatClosedInTimeIsNotAborted() {
    FakePeer[] peers = paired();
    pairing.end(statistics.active().get(0).streamId(), Side.DEVICE, CloseCodes.NORMAL, "bye");
    peers[0].closed = true;
    peers[1].closed = true;
    pairing.sweep();
    clock.advance(Duration.ofSeconds(5));

    pairing.sweep();

    assertThat(peers[0].aborted).isFalse();
    assertThat(peers[1].aborted).isFalse();
  }

  @Test
  void activeListsPairedStreamsWithAgeAndBytesEachWay() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    admission.open("service", "dev2", "rdp", HANDSHAKE);
    FakePeer device = join(ticket, Side.DEVICE);
    FakePeer service = join(ticket, Side.SERVICE);
    device.relayed = 100;
    service.relayed = 7;
    clock.advance(Duration.ofSeconds(3));

    assertThat(statistics.active())
        .containsExactly(
            new StreamInfo(ticket.streamId(), "dev1", "ssh", Duration.ofSeconds(3), 100, 7));
  }

  @Test
  void bytesRelayedAndBufferedCountLiveAndEndedStreams() {
    FakePeer[] ended = paired();
    ended[0].relayed = 1000;
    ended[1].relayed = 10;
    pairing.end(statistics.active().get(0).streamId(), Side.DEVICE, CloseCodes.NORMAL, "bye");
    FakePeer[] live = paired();
    live[0].relayed = 5;
    live[0].buffered = 42;

    assertThat(statistics.bytesRelayed(Side.DEVICE)).isEqualTo(1005);
    assertThat(statistics.bytesRelayed(Side.SERVICE)).isEqualTo(10);
    assertThat(statistics.bytesBuffered()).isEqualTo(42);
  }

  @Test
  void stoppingClosesEveryStreamWith4007() {
    FakePeer[] peers = paired();

    broker.stop();

    assertThat(peers[0].closeCode).isEqualTo(CloseCodes.SHUTTING_DOWN);
    assertThat(peers[1].closeCode).isEqualTo(CloseCodes.SHUTTING_DOWN);
  }

  @Test
  void stoppingRefusesNewStreamsAsUnavailable() {
    broker.stop();

    assertThatThrownBy(() -> admission.open("service", "dev1", "ssh", HANDSHAKE))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("shutting down")
        .extracting(e -> ((HubException) e).kind())
        .isEqualTo(HubException.Kind.UNAVAILABLE);
    assertThat(admission.isDraining()).isTrue();
  }

  @Test
  void streamThatEndsWithinTheShutdownGraceIsNotCut() throws Exception {
    StreamBroker graceful =
        new StreamBroker(
            StreamSettings.defaults().withShutdownGrace(Duration.ofSeconds(30)),
            clock,
            StreamRecorder.NONE,
            StreamEvents.NONE);
    StreamTicket ticket = graceful.admission().open("service", "dev1", "ssh", HANDSHAKE);
    FakePeer device = new FakePeer();
    FakePeer service = new FakePeer();
    graceful
        .pairing()
        .join(
            ticket.streamId(),
            graceful.pairing().authorize(ticket.streamId(), ticket.deviceToken()),
            device);
    graceful
        .pairing()
        .join(
            ticket.streamId(),
            graceful.pairing().authorize(ticket.streamId(), ticket.serviceToken()),
            service);
    Thread stopping = new Thread(graceful::stop);

    stopping.start();
    while (!graceful.admission().isDraining()) {
      Thread.onSpinWait();
    }
    graceful.pairing().end(ticket.streamId(), Side.DEVICE, CloseCodes.NORMAL, "done");
    stopping.join(10_000);

    assertThat(stopping.isAlive()).as("stop() returned once the last stream ended").isFalse();
    assertThat(service.closeCode).isEqualTo(CloseCodes.NORMAL);
  }

  private FakePeer join(StreamTicket ticket, Side side) {
    FakePeer peer = new FakePeer();
    pairing.join(ticket.streamId(), pairing.authorize(ticket.streamId(), ticket.token(side)), peer);
    return peer;
  }

  private FakePeer[] paired() {
    StreamTicket ticket = admission.open("service", "dev1", "ssh", HANDSHAKE);
    return new FakePeer[] {join(ticket, Side.DEVICE), join(ticket, Side.SERVICE)};
  }
}
