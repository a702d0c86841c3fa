package io.devstreams.hub.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.settings.ControlSettings;
import io.devstreams.protocol.CloseCodes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DeviceChannelsTest {
  private static final ControlSettings SETTINGS =
      new ControlSettings(
          Duration.ofSeconds(20),
          Duration.ofSeconds(60),
          Duration.ZERO,
          Duration.ofSeconds(300),
          Duration.ofSeconds(30),
          Duration.ofSeconds(300),
          Duration.ofSeconds(30));

  private Instant now = Instant.parse("2026-11-26T12:00:00Z");
  private final DeviceChannels channels =
      new DeviceChannels(
          new Clock() {
            @Override
            public ZoneOffset getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return now;
            }
          },
          SETTINGS);

  @Test
  void newerConnectionReplacesTheOlderOneWhichIsClosedWith4004() {
    FakeChannel older = new FakeChannel("dev1");
    FakeChannel newer = new FakeChannel("dev1");
    channels.register(older);
    channels.register(newer);

    assertThat(older.closeCode).isEqualTo(CloseCodes.REPLACED);
    assertThat(channels.find("dev1")).containsSame(newer);
    assertThat(channels.unregister(older)).isFalse();
    assertThat(channels.find("dev1")).containsSame(newer);
  }

  @Test
  void waitingForAnOfflineDeviceCompletesWhenItConnects() throws Exception {
    CompletableFuture<ControlChannel> waiting =
        channels.awaitOnline("dev1", Duration.ofSeconds(30));
    assertThat(waiting).isNotDone();
    FakeChannel channel = new FakeChannel("dev1");

    channels.register(channel);

    assertThat(waiting.get(5, TimeUnit.SECONDS)).isSameAs(channel);
  }

  @Test
  void waitingForADeviceThatNeverConnectsTimesOut() {
    CompletableFuture<ControlChannel> waiting = channels.awaitOnline("dev1", Duration.ofMillis(50));

    assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TimeoutException.class);
  }

  @Test
  void zeroConnectTimeoutFailsAtOnceForAnOfflineDevice() {
    assertThat(channels.awaitOnline("dev1", Duration.ZERO)).isCompletedExceptionally();
  }

  @Test
  void channelIsPingedAfterThePingIntervalAndClosedWith4006WhenSilent() {
    FakeChannel channel = new FakeChannel("dev1");
    channels.register(channel);

    now = now.plusSeconds(20);
    assertThat(channels.heartbeat()).isEmpty();
    assertThat(channel.pings).isEqualTo(1);

    now = now.plusSeconds(41);
    assertThat(channels.heartbeat()).containsExactly(channel);
    assertThat(channel.closeCode).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
    assertThat(channels.find("dev1")).isEmpty();
  }

  @Test
  void channelThatAnswersIsKeptOpen() {
    FakeChannel channel = new FakeChannel("dev1");
    channels.register(channel);
    for (int i = 0; i < 10; i++) {
      now = now.plusSeconds(20);
      channels.heartbeat();
      channels.seen(channel);
    }

    assertThat(channel.closeCode).isNull();
    assertThat(channels.find("dev1")).containsSame(channel);
  }

  private static final class FakeChannel implements ControlChannel {
    final String deviceId;
    final List<String> sent = new ArrayList<>();
    int pings;
    Integer closeCode;

    FakeChannel(String deviceId) {
      this.deviceId = deviceId;
    }

    @Override
    public String deviceId() {
      return deviceId;
    }

    @Override
    public void requestStream(
        io.devstreams.protocol.StreamRequest request,
        io.devstreams.hub.streams.StreamTicket ticket) {
      sent.add(request.requestId());
    }

    @Override
    public void ping() {
      pings++;
    }

    @Override
    public void close(int code, String reason) {
      closeCode = code;
    }
  }
}
