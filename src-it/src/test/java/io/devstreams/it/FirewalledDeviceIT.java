package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A device behind a firewall on a link of its own: the agent runs in a network namespace whose
 * inbound traffic is dropped except for connections it opened, and the faults are real ones on that
 * link (packet loss, a cut cable). Heartbeats are fast here (2 s) so that the windows stay short;
 * every byte that moves is checked with SHA-256.
 */
class FirewalledDeviceIT {
  private static final Duration UP = Duration.ofSeconds(90);
  private static final int MIB = 1024 * 1024;
  private static Path dir;
  private static DeviceNetns netns;
  private static HubProcess hub;
  private static final List<Process> targets = new ArrayList<>();
  private static ManagedProcess agent;
  private static int echoPort;
  private static int digestPort;
  private static int sourcePort;
  private static Path source;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "firewalled-").toAbsolutePath();
    netns = DeviceNetns.create();
    hub =
        HubProcess.startPublic(
            dir.resolve("hub"),
            Map.of(
                "DEVSTREAMS_HUB_JAVA_OPTS",
                "-Ddevstreams.control.ping-interval=PT2S -Ddevstreams.control.heartbeat-timeout=PT6S"
                    + " -Ddevstreams.streams.ping-interval=PT2S"
                    + " -Ddevstreams.streams.idle-timeout=PT10S"),
            netns.hostAddress());
    source = dir.resolve("source.bin");
    byte[] data = new byte[100 * MIB];
    new Random(11).nextBytes(data);
    Files.write(source, data);
    echoPort = 7001;
    digestPort = 7002;
    sourcePort = 7003;
    // The device's local services, inside its namespace, on its loopback.
    target(echoPort, "PIPE");
    target(digestPort, "SYSTEM:sha256sum");
    target(sourcePort, "SYSTEM:cat " + source);
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", "fw1");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.stdout()).contains("HostName=" + netns.hostAddress() + ":");
    Map<String, String> env = new HashMap<>();
    env.put("DEVSTREAMS_DEVICE_CONNECTION_STRING", created.stdout().trim());
    env.put("DEVSTREAMS_TRUST_CERT", hub.trustCert().toString());
    env.put("DEVSTREAMS_HEARTBEAT_SECONDS", "2");
    env.put("DEVSTREAMS_RECONNECT_MAX_SECONDS", "3");
    agent =
        ManagedProcess.start(
            dir.resolve("agent.log"),
            env,
            netns.execPrefix(),
            "devstreams-device",
            List.of(
                "--service", "echo=127.0.0.1:" + echoPort,
                "--service", "digest=127.0.0.1:" + digestPort,
                "--service", "source=127.0.0.1:" + sourcePort));
    agent.await("connected to", UP);
  }

  private static void target(int port, String action) throws IOException {
    List<String> cmd = new ArrayList<>(netns.execPrefix());
    // "-t 120": after one side's EOF, wait for the other, so that a download whose client sent
    // fin first (stdin closed) is not cut off after socat's default 0.5 s.
    cmd.addAll(
        List.of(
            "socat", "-t", "120", "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork", action));
    targets.add(
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("socat-" + port + ".log").toFile())
            .start());
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(agent, hub);
    targets.forEach(Process::destroyForcibly);
    if (netns != null) {
      netns.close();
    }
  }

  @Test
  void deviceThatCannotBeDialledStillServesStreams() throws IOException {
    Process listener =
        new ProcessBuilder(concat(netns.execPrefix(), "socat", "TCP-LISTEN:7009,reuseaddr", "PIPE"))
            .start();
    try (Socket probe = new Socket()) {
      // Dropped, not refused: the firewall lets nothing in that the device did not open.
      assertThatThrownBy(
              () -> probe.connect(new InetSocketAddress(netns.deviceAddress(), 7009), 3000))
          .isInstanceOf(SocketTimeoutException.class);
    } finally {
      listener.destroyForcibly();
    }

    byte[] payload = new byte[MIB];
    new Random(3).nextBytes(payload);
    StdioSession stdio = StdioSession.start(Cli.ownerEnv(hub), "fw1", "echo");
    stdio.sendAndClose(payload);

    assertThat(stdio.awaitExit(UP)).as(stdio.stderr()).isZero();
    assertThat(TcpTargets.sha256(stdio.stdout())).isEqualTo(TcpTargets.sha256(payload));
  }

  @Test
  void hundredMebibytesEachWayArriveIntactThroughThreePercentPacketLoss() throws IOException {
    byte[] data = Files.readAllBytes(source);
    netns.loss(3);
    try {
      StdioSession upload = StdioSession.start(Cli.ownerEnv(hub), "fw1", "digest");
      upload.sendAndClose(data);
      assertThat(upload.awaitExit(Duration.ofMinutes(4))).as(upload.stderr()).isZero();
      assertThat(new String(upload.stdout(), StandardCharsets.US_ASCII).strip())
          .isEqualTo(TcpTargets.sha256(data) + "  -");

      StdioSession download = StdioSession.start(Cli.ownerEnv(hub), "fw1", "source");
      download.sendAndClose(new byte[0]);
      assertThat(download.awaitExit(Duration.ofMinutes(4))).as(download.stderr()).isZero();
      assertThat(download.stdout().length).isEqualTo(data.length);
      assertThat(TcpTargets.sha256(download.stdout())).isEqualTo(TcpTargets.sha256(data));
    } finally {
      netns.noLoss();
    }
  }

  /**
   * The link goes down for 30 s under an open stream: the stream fails with a clear reason (the hub
   * hears nothing from the device side), the agent notices its silent hub and keeps retrying, and
   * once the link is back it reconnects by itself and a new stream works.
   */
  @Test
  void streamCutBy30sLinkLossFailsClearlyAndTheAgentComesBackOnItsOwn() throws IOException {
    ManagedProcess forward =
        ManagedProcess.start(
            dir.resolve("forward-cut.log"),
            Cli.ownerEnv(hub),
            "devstreams",
            List.of("forward", "fw1", "echo", "--local-port", "0"));
    try (forward) {
      int port = forward.awaitForwardPort();
      try (Socket client = new Socket("127.0.0.1", port)) {
        client.setSoTimeout((int) UP.toMillis());
        assertThat(TcpTargets.echoLine(client, "before\n")).isEqualTo("before\n");

        long cutAt = System.nanoTime();
        netns.linkDown();
        try {
          String closed = forward.await("closed after", UP);
          assertThat(closed).contains("4006").contains("device side sent nothing");
          assertThat(client.getInputStream().read()).isEqualTo(-1);
          agent.await("no answer from the hub", UP);
          long downUntil = cutAt + TimeUnit.SECONDS.toNanos(30);
          while (System.nanoTime() < downUntil) {
            // The fault is the 30 s outage itself: nothing to wait on but the clock.
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
          }
        } finally {
          netns.linkUp();
        }
      }
      long upAt = System.nanoTime();
      agent.await("connected to", UP);
      long back = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - upAt);
      assertThat(back).as("ms from link up to reconnected").isLessThan(15_000);

      try (Socket again = new Socket("127.0.0.1", port)) {
        again.setSoTimeout((int) UP.toMillis());
        assertThat(TcpTargets.echoLine(again, "after\n")).isEqualTo("after\n");
      }
    }
  }

  private static List<String> concat(List<String> prefix, String... rest) {
    List<String> all = new ArrayList<>(prefix);
    all.addAll(List.of(rest));
    return all;
  }
}
