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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Protocol v2 end to end (docs/protocol.md, section 6): many streams on the agent's one connection
 * and on one {@code forward}'s, a stream whose reader stopped holding back none of the others, and
 * the two protocols meeting at the hub in both directions (a v1 service side to a v2 agent, a v2
 * service side to a v1 agent), and open streams that cost the agent and the forward no threads.
 */
class MultiplexedStreamsIT {
  private static final Duration UP = Duration.ofSeconds(90);
  private static HubProcess hub;
  private static HubHttp http;
  private static TcpTargets echo;
  private static TcpTargets reply;
  private static ManagedProcess agent;
  private static ManagedProcess v1Agent;
  private static Path dir;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "mux-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
    http = new HubHttp(hub);
    echo = TcpTargets.echo();
    reply = TcpTargets.replyAfterEof();
    agent =
        agent(
            "dev1",
            "--service",
            "echo=127.0.0.1:" + echo.port(),
            "--service",
            "reply=127.0.0.1:" + reply.port());
    v1Agent = agent("old1", "--protocol", "1", "--service", "reply=127.0.0.1:" + reply.port());
  }

  private static ManagedProcess agent(String deviceId, String... args) {
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
    Closeables.closeAll(agent, v1Agent, echo, reply, hub);
  }

  @Test
  void theAgentHoldsOneConnectionToTheHubWhateverItsStreams() throws Exception {
    assertThat(hub.awaitLogLine("device dev1: v2 connection open")).isNotEmpty();
    assertThat(hub.awaitLogLine("device old1: control channel open")).isNotEmpty();
  }

  @Test
  void aStreamWhoseReaderStoppedHoldsBackNoneOfTenOthersOnTheSameConnections() throws Exception {
    try (ManagedProcess forward = forward("echo")) {
      int port = port(forward);
      ExecutorService pool = Executors.newCachedThreadPool();
      try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), port)) {
        // Sends 256 MiB to the echo and reads none of it back: its stream fills its windows (and
        // the TCP buffers on the way, some tens of MiB), then holds back its sender.
        CompletableFuture<Void> flooding =
            CompletableFuture.runAsync(() -> send(stalled, new byte[256 << 20]), pool);
        List<CompletableFuture<Boolean>> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          byte[] payload = new byte[4 << 20];
          new Random(i).nextBytes(payload);
          others.add(CompletableFuture.supplyAsync(() -> echoes(port, payload, pool), pool));
        }

        for (CompletableFuture<Boolean> other : others) {
          assertThat(other.get(180, TimeUnit.SECONDS)).as("every byte came back").isTrue();
        }
        assertThat(flooding).as("the stalled stream is held back, not finished").isNotDone();
        long buffered = new HubMetrics(http).value(HubMetrics.BUFFERED);
        assertThat(buffered)
            .as("the hub holds at most a connection window for each of the two connections")
            .isLessThanOrEqualTo(2L * (16 << 20));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void aV1ServiceSideReachesAV2Agent() throws Exception {
    byte[] payload = "azure-shaped\n".getBytes(StandardCharsets.US_ASCII);
    Cli.Result r = stdio(payload, "dev1", "reply", "1");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(new String(r.stdoutBytes(), StandardCharsets.US_ASCII))
        .isEqualTo(TcpTargets.sha256(payload) + "\n" + "azure-shaped\n");
  }

  @Test
  void aV2ServiceSideReachesAV1Agent() throws Exception {
    byte[] payload = new byte[1 << 20];
    new Random(5).nextBytes(payload);
    Cli.Result r = stdio(payload, "old1", "reply", "2");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    String expected = TcpTargets.sha256(payload) + "\n";
    byte[] out = r.stdoutBytes();
    assertThat(new String(out, 0, expected.length(), StandardCharsets.US_ASCII))
        .isEqualTo(expected);
    assertThat(Arrays.copyOfRange(out, expected.length(), out.length)).isEqualTo(payload);
  }

  @Test
  void fiftyConcurrentStreamsShareOneForwardConnection() throws Exception {
    try (ManagedProcess forward = forward("echo")) {
      int port = port(forward);
      ExecutorService pool = Executors.newCachedThreadPool();
      try {
        List<CompletableFuture<Boolean>> streams = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          byte[] payload = new byte[256 * 1024 + i];
          new Random(100 + i).nextBytes(payload);
          streams.add(CompletableFuture.supplyAsync(() -> echoes(port, payload, pool), pool));
        }
        for (CompletableFuture<Boolean> stream : streams) {
          assertThat(stream.get(180, TimeUnit.SECONDS)).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(
              Files.readAllLines(hub.log()).stream()
                  .filter(l -> l.contains("v2 connection") || l.contains("control channel open"))
                  .count())
          .as("no new connection to the hub per stream")
          .isLessThanOrEqualTo(2);
    }
  }

  @Test
  void sixtyOpenStreamsAddNoThreadsToTheAgentOrTheForward() throws Exception {
    try (ManagedProcess forward = forward("echo")) {
      int port = port(forward);
      long agentJvm = jvm(agent);
      long forwardJvm = jvm(forward);
      List<Socket> open = new ArrayList<>();
      try {
        open.add(echoOne(port, 0)); // the connections' own threads start with their first stream
        int agentBefore = threads(agentJvm);
        int forwardBefore = threads(forwardJvm);
        for (int i = 1; i <= 60; i++) { // the hub's default allows 64 per device
          open.add(echoOne(port, i));
        }
        // Two threads per stream on each side, as before, would be 120 more.
        assertThat(threads(agentJvm))
            .as("the agent's threads with 61 streams open (%d with one)", agentBefore)
            .isLessThan(agentBefore + 20);
        assertThat(threads(forwardJvm))
            .as("the forward's threads with 61 streams open (%d with one)", forwardBefore)
            .isLessThan(forwardBefore + 20);
        for (int i = 0; i < open.size(); i++) {
          assertThat(echoOne(open.get(i), i + 1)).as("stream %d still echoes", i).isTrue();
        }
      } finally {
        Closeables.closeAll(open.toArray(AutoCloseable[]::new));
      }
    }
  }

  /** Opens a stream through the forward on {@code port} and checks it echoes one byte. */
  private static Socket echoOne(int port, int value) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(30_000);
    assertThat(echoOne(s, value)).as("stream %d echoes", value).isTrue();
    return s;
  }

  private static boolean echoOne(Socket s, int value) throws IOException {
    s.getOutputStream().write(value & 0xFF);
    return s.getInputStream().read() == (value & 0xFF);
  }

  /** The JVM a launcher started: the process itself (the launchers exec it) or a descendant. */
  private static long jvm(ManagedProcess launched) {
    ProcessHandle top = launched.process().toHandle();
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(top), top.descendants())
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no java process under " + top.pid()))
        .pid();
  }

  /** A process's live threads, from {@code /proc/PID/status}. */
  private static int threads(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.substring("Threads:".length()).trim());
      }
    }
    throw new AssertionError("no Threads: line for process " + pid);
  }

  private static ManagedProcess forward(String service) {
    return ManagedProcess.start(
        dir.resolve("forward-" + System.nanoTime() + ".log"),
        Cli.ownerEnv(hub),
        "devstreams",
        List.of("forward", "dev1", service, "--local-port", "0"));
  }

  private static int port(ManagedProcess forward) {
    Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(forward.await("forwarding", UP));
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static void send(Socket socket, byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
    } catch (IOException e) {
      // the test ended and closed the socket
    }
  }

  private static boolean echoes(int port, byte[] payload, ExecutorService pool) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(180_000);
      OutputStream out = s.getOutputStream();
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> {
                try {
                  out.write(payload);
                  s.shutdownOutput();
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              },
              pool);
      InputStream in = s.getInputStream();
      byte[] back = in.readAllBytes();
      writer.join();
      return Arrays.equals(back, payload);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Cli.Result stdio(byte[] input, String device, String service, String protocol)
      throws IOException {
    Path in = dir.resolve("stdin-" + System.nanoTime());
    Files.write(in, input);
    Map<String, String> env = new HashMap<>(Cli.ownerEnv(hub));
    env.put("DEVSTREAMS_PROTOCOL", protocol);
    env.put("DEVSTREAMS_NO_MASTER", "1"); // the JVM path, where the protocol is chosen
    return Cli.runWithInput(env, in, "stdio", device, service);
  }
}
