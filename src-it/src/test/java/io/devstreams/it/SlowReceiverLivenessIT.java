package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A receiver that is slow but alive must not be taken for a dead one. The hub pings a side it has
 * heard nothing from and closes the stream with 4006 when the side stays silent for the idle
 * timeout. A one-way stream's receiver sends nothing, and behind a full pipe the hub's ping waits
 * behind megabytes of data, so the pong cannot come back in time; the stream must survive anyway,
 * because the receiver keeps taking bytes. The hub runs with short liveness settings (ping 2 s,
 * idle 6 s) so that the test needs seconds, not the default minute.
 */
class SlowReceiverLivenessIT {
  private static final Duration UP = Duration.ofSeconds(90);
  private static final long READ_RATE = 10_000;
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(6);

  @Test
  void slowButReadingReceiverIsNotClosedForSilence() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "slow-liveness-").toAbsolutePath();
    try (HubProcess hub =
            HubProcess.start(
                dir.resolve("hub"),
                Map.of(
                    "DEVSTREAMS_HUB_JAVA_OPTS",
                    "-Ddevstreams.streams.ping-interval=PT2S -Ddevstreams.streams.idle-timeout="
                        + IDLE_TIMEOUT));
        SlowPipe.SlowReceiver receiver = new SlowPipe.SlowReceiver(READ_RATE)) {
      HubMetrics metrics = new HubMetrics(new HubHttp(hub));
      Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", "slow2");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      try (ManagedProcess agent =
              ManagedProcess.start(
                  dir.resolve("agent.log"),
                  Map.of(
                      "DEVSTREAMS_DEVICE_CONNECTION_STRING", created.stdout().trim(),
                      "DEVSTREAMS_TRUST_CERT", hub.trustCert().toString()),
                  "devstreams-device",
                  List.of("--service", "slow=127.0.0.1:" + receiver.port()));
          ManagedProcess forward =
              ManagedProcess.start(
                  dir.resolve("forward.log"),
                  Cli.ownerEnv(hub),
                  "devstreams",
                  List.of("forward", "slow2", "slow", "--local-port", "0"))) {
        agent.await("connected to", UP);
        Matcher m =
            Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(forward.await("forwarding", UP));
        assertThat(m.find()).isTrue();
        try (Socket client =
            new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(m.group(1)))) {
          client.setSoTimeout((int) UP.toMillis());
          SlowPipe.Sender sender = new SlowPipe.Sender(client.getOutputStream(), 1L << 30);
          forward.await("open: stream", UP);

          // Three idle timeouts: one sample a second (a measurement schedule, not a wait).
          long seconds = 3 * IDLE_TIMEOUT.toSeconds();
          long consumedAtStart = receiver.consumed();
          long start = System.nanoTime();
          for (int i = 1; i <= seconds; i++) {
            LockSupport.parkNanos(start + TimeUnit.SECONDS.toNanos(i) - System.nanoTime());
            long active = metrics.value(HubMetrics.ACTIVE);
            System.out.printf(
                "t=%2ds active=%d consumed=%d sent=%d%n",
                i, active, receiver.consumed(), sender.sent());
            assertThat(active)
                .as(
                    "streams active after %d s while the receiver kept reading (%d bytes so far);"
                        + " see %s",
                    i, receiver.consumed(), hub.log())
                .isEqualTo(1);
          }
          assertThat(receiver.consumed() - consumedAtStart).isGreaterThan(READ_RATE * seconds / 2);

          sender.stop();
          receiver.drain();
          long sent = sender.awaitEnd(UP);
          client.shutdownOutput();
          assertThat(receiver.awaitEnd(UP)).isEqualTo(sent);
          try (InputStream in = client.getInputStream()) {
            assertThat(in.read()).isEqualTo(-1);
          }
          assertThat(forward.await("closed after", UP)).contains("closed normally");
        }
      }
    }
  }
}
