package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Device streams end to end: the real hub, the real device agent and the real service CLI ({@code
 * forward}, {@code stdio}, {@code streams}), over TLS on loopback, to real TCP targets.
 */
class StreamsIT {
  private static final Duration UP = Duration.ofSeconds(90);
  private static HubProcess hub;
  private static TcpTargets echo;
  private static TcpTargets reply;
  private static ManagedProcess agent;
  private static ManagedProcess forward;
  private static int forwardPort;
  private static Path dir;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "streams-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
    echo = TcpTargets.echo();
    reply = TcpTargets.replyAfterEof();
    int closedPort = HubProcess.freePort();
    agent =
        startAgent(
            "dev1",
            "--service",
            "echo=127.0.0.1:" + echo.port(),
            "--service",
            "reply=127.0.0.1:" + reply.port(),
            "--service",
            "closed=127.0.0.1:" + closedPort);
    forward =
        ManagedProcess.start(
            dir.resolve("forward.log"),
            Cli.ownerEnv(hub),
            "devstreams",
            List.of("forward", "dev1", "echo", "--local-port", "0"));
    Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(forward.await("forwarding", UP));
    assertThat(m.find()).isTrue();
    forwardPort = Integer.parseInt(m.group(1));
  }

  static ManagedProcess startAgent(String deviceId, String... args) {
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", deviceId);
    assertThat(created.exitCode()).as(created.toString()).isZero();
    ManagedProcess p =
        ManagedProcess.agent(
            dir.resolve("agent-" + deviceId + ".log"), hub, created.stdout().trim(), List.of(args));
    p.await("connected to", UP);
    return p;
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(forward, agent, echo, reply, hub);
  }

  @Test
  void fiftyConcurrentStreamsEachGetExactlyTheirOwnBytes() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(100);
    try {
      List<CompletableFuture<byte[][]>> results = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        byte[] payload = new byte[256 * 1024 + i];
        new Random(1000 + i).nextBytes(payload);
        results.add(CompletableFuture.supplyAsync(() -> echoOnce(payload, pool), pool));
      }
      for (CompletableFuture<byte[][]> r : results) {
        byte[][] sentAndReceived = r.get(180, TimeUnit.SECONDS);
        assertThat(Arrays.equals(sentAndReceived[0], sentAndReceived[1])).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[][] echoOnce(byte[] payload, ExecutorService pool) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), forwardPort)) {
      s.setSoTimeout(120_000);
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  s.getOutputStream().write(payload);
                  s.shutdownOutput();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              },
              pool);
      byte[] back = s.getInputStream().readAllBytes();
      writer.join();
      return new byte[][] {payload, back};
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void clientThatShutsItsOutputStillReceivesTheWholeReply() throws Exception {
    byte[] payload = new byte[3 * 1024 * 1024];
    new Random(7).nextBytes(payload);
    Cli.Result r = stdio(payload, "dev1", "reply");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String expected = TcpTargets.sha256(payload) + "\n";
    byte[] out = r.stdoutBytes();
    assertThat(new String(out, 0, expected.length(), StandardCharsets.US_ASCII))
        .isEqualTo(expected);
    assertThat(Arrays.equals(Arrays.copyOfRange(out, expected.length(), out.length), payload))
        .isTrue();
  }

  @Test
  void unknownServiceNameIsRejectedWithTheDevicesReason() throws Exception {
    Cli.Result r = stdio(new byte[0], "dev1", "nosuch");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("rejected").contains("no service named 'nosuch'");
    assertThat(r.stderr().strip().lines()).hasSize(1);
  }

  @Test
  void closedTargetPortOnTheDeviceGivesAClearReasonNotAHang() throws Exception {
    Cli.Result r = stdio(new byte[0], "dev1", "closed");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("cannot connect to 127.0.0.1");
  }

  @Test
  void unknownDeviceIsNotFound() throws Exception {
    Cli.Result r = stdio(new byte[0], "ghost", "echo");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("ghost");
  }

  @Test
  void offlineDeviceFailsAfterTheConnectTimeout() throws Exception {
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", "offline1");
    assertThat(created.exitCode()).isZero();
    Cli.Result r = stdio(new byte[0], "offline1", "echo", "--connect-timeout", "1");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("offline1").contains("online");
  }

  @Test
  void streamsCommandListsAnActiveStreamWithItsBytes() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), forwardPort)) {
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write("hello".getBytes(StandardCharsets.US_ASCII));
      assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
      Cli.Result list = Cli.run(Cli.ownerEnv(hub), "streams", "--json");
      assertThat(list.exitCode()).as(list.toString()).isZero();
      assertThat(list.stdout().replaceAll("\\s", ""))
          .contains("\"deviceId\":\"dev1\"", "\"name\":\"echo\"");
    }
  }

  private static Cli.Result stdio(byte[] input, String... args) throws IOException {
    Path in = Files.createTempFile(dir, "stdin-", ".bin");
    Files.write(in, input);
    List<String> all = new ArrayList<>(List.of("stdio"));
    all.addAll(List.of(args));
    return Cli.runWithInput(Cli.ownerEnv(hub), in, all.toArray(String[]::new));
  }
}
