package io.devstreams.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.tunnel.TestWebSocketServer;
import io.devstreams.protocol.tunnel.TestWebSocketServer.Frame;
import io.devstreams.service.TestCertificates;
import io.devstreams.service.TestHub;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs forward, stdio and streams in-process against a real HTTPS hub and WebSocket server. */
class StreamCommandsTest {

  private static final String FIN = "{\"type\":\"fin\"}";

  @TempDir static Path dir;
  private static TestCertificates certificates;
  private static TestHub hub;
  private Map<String, String> env;
  private TestWebSocketServer streaming;

  @BeforeAll
  static void startHub() throws Exception {
    certificates = TestCertificates.create(dir, "hub");
    hub = TestHub.start(certificates);
  }

  @AfterAll
  static void stopHub() {
    hub.close();
  }

  @BeforeEach
  void environment() throws InterruptedException {
    env = new HashMap<>();
    env.put(StreamCommands.PROTOCOL_ENV, "1"); // the test hub speaks protocol v1
    env.put(Settings.CONNECTION_STRING_ENV, hub.ownerConnectionString().format());
    env.put(Settings.TRUST_CERT_ENV, certificates.pem().toString());
    while (!hub.noMoreRequests()) {
      hub.take();
    }
  }

  @AfterEach
  void stopStreaming() throws IOException {
    if (streaming != null) {
      streaming.close();
    }
  }

  private CliRun run(String... args) {
    return CliRun.run(env, args);
  }

  private void acceptNextStream(String id) {
    hub.replyAccepted(streaming.uri("/streams/" + id).toString(), "token-" + id);
  }

  // ---- forward

  @Test
  void forwardWithoutLocalPortIsAUsageError() {
    CliRun result = run("forward", "dev1", "ssh");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: forward: missing --local-port N (usage: devstreams forward DEVICE_ID"
                + " SERVICE --local-port N [--bind ADDR] [--connect-timeout S]"
                + " [--response-timeout S] [--protocol N])");
  }

  @Test
  void forwardWithoutServiceIsAUsageError() {
    CliRun result = run("forward", "dev1", "--local-port", "2222");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLine()).startsWith("devstreams: forward: missing SERVICE (usage: ");
  }

  @Test
  void localPortOutOfRangeIsAUsageError() {
    CliRun result = run("forward", "dev1", "ssh", "--local-port", "65536");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLine())
        .isEqualTo("devstreams: --local-port must be a port number from 0 to 65535 (got '65536')");
  }

  @Test
  void timeoutThatIsNotWholeSecondsIsAUsageError() {
    CliRun negative = run("forward", "dev1", "ssh", "--local-port", "0", "--connect-timeout", "-1");
    CliRun zero = run("stdio", "dev1", "ssh", "--response-timeout", "0");

    assertThat(negative.exitCode()).isEqualTo(2);
    assertThat(negative.errorLine())
        .isEqualTo(
            "devstreams: --connect-timeout must be a whole number of seconds, 0 or more (got '-1')");
    assertThat(zero.exitCode()).isEqualTo(2);
    assertThat(zero.errorLine())
        .isEqualTo(
            "devstreams: --response-timeout must be a whole number of seconds, 1 or more (got '0')");
  }

  @Test
  void invalidServiceNameIsAUsageErrorAndNothingIsSent() {
    CliRun result = run("stdio", "dev1", "a/b");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLine()).startsWith("devstreams: stream name contains '/'");
    assertThat(hub.noMoreRequests()).isTrue();
  }

  @Test
  void unknownBindAddressIsAUsageError() {
    CliRun result =
        run("forward", "dev1", "ssh", "--local-port", "0", "--bind", "no-such-host.invalid");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.errorLine())
        .isEqualTo("devstreams: --bind: unknown address 'no-such-host.invalid'");
  }

  @Test
  void portInUseIsExitCode1WithOneClearLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      CliRun result = run("forward", "dev1", "ssh", "--local-port", "" + port);

      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.errorLine())
          .isEqualTo("devstreams: cannot listen on 127.0.0.1:" + port + ": address already in use");
    }
  }

  @Test
  void forwardCarriesConcurrentConnectionsEachOnItsOwnStream() throws Exception {
    streaming = TestWebSocketServer.start(TestWebSocketServer.echo());
    int connections = 4;
    for (int i = 1; i <= connections; i++) {
      acceptNextStream("s" + i);
    }
    Forward forward = Forward.start(env, "forward", "dev1", "echo", "--local-port", "0");
    int port = forward.port();

    ExecutorService threads = Executors.newCachedThreadPool();
    List<CompletableFuture<Void>> clients = new ArrayList<>();
    CountDownLatch allConnected = new CountDownLatch(connections);
    for (int i = 0; i < connections; i++) {
      byte[] payload = new byte[100_000 + new Random().nextInt(400_000)];
      new Random().nextBytes(payload);
      clients.add(
          CompletableFuture.runAsync(
              () -> {
                try (Socket socket = new Socket("127.0.0.1", port)) {
                  allConnected.countDown();
                  assertThat(allConnected.await(10, TimeUnit.SECONDS)).isTrue();
                  CompletableFuture<Void> write =
                      CompletableFuture.runAsync(() -> writeAndShutdown(socket, payload), threads);
                  byte[] echoed = socket.getInputStream().readAllBytes();
                  write.get(10, TimeUnit.SECONDS);
                  assertThat(echoed).isEqualTo(payload);
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              },
              threads));
    }
    CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    threads.shutdown();

    List<String> log = forward.errLines(2 * connections);
    assertThat(log).filteredOn(l -> l.contains(" open: stream s")).hasSize(connections);
    assertThat(log)
        .filteredOn(l -> l.contains(" closed after ") && l.endsWith(", closed normally"))
        .hasSize(connections);
    assertThat(forward.stop()).isZero();
  }

  @Test
  void forwardPrintsTheListeningAddressAndLogsEachConnectionOnOneLine() throws Exception {
    streaming = TestWebSocketServer.start(TestWebSocketServer.echo());
    acceptNextStream("s-abc");
    Forward forward = Forward.start(env, "forward", "dev1", "echo", "--local-port", "0");

    try (Socket socket = new Socket("127.0.0.1", forward.port())) {
      writeAndShutdown(socket, "hello".getBytes(StandardCharsets.UTF_8));
      assertThat(socket.getInputStream().readAllBytes()).hasSize(5);
    }

    assertThat(forward.firstLine()).matches("forwarding 127\\.0\\.0\\.1:\\d+ -> dev1/echo");
    assertThat(forward.err.next()).matches("\\S+Z #1 127\\.0\\.0\\.1:\\d+ open: stream s-abc");
    assertThat(forward.err.next())
        .matches(
            "\\S+Z #1 127\\.0\\.0\\.1:\\d+ closed after \\d+\\.\\d s: 5 B to device, 5 B from"
                + " device, closed normally");
    assertThat(forward.stop()).isZero();
    assertThat(forward.out.isEmpty()).as("nothing else on stdout").isTrue();
  }

  @Test
  void forwardLogsARejectedConnectionAndKeepsServing() throws Exception {
    streaming = TestWebSocketServer.start(TestWebSocketServer.echo());
    hub.replyRejected("no service named 'x' on this device");
    acceptNextStream("s-next");
    Forward forward = Forward.start(env, "forward", "dev1", "x", "--local-port", "0");

    try (Socket refused = new Socket("127.0.0.1", forward.port())) {
      assertThat(refused.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(forward.err.next())
        .endsWith(
            " #1 127.0.0.1:"
                + forward.err.lastClientPort()
                + " refused: device dev1 rejected the stream: no service named 'x' on this device");
    try (Socket next = new Socket("127.0.0.1", forward.port())) {
      next.getOutputStream().write(1);
      assertThat(next.getInputStream().read()).isEqualTo(1);
    }
    assertThat(forward.err.next()).contains(" #2 ").endsWith("open: stream s-next");
    assertThat(forward.stop()).isZero();
  }

  // ---- stdio

  @Test
  void stdioKeepsReadingAfterItsInputEndsAndHalfClosesOutputOnTheRemoteFin() throws Exception {
    AtomicReference<String> received = new AtomicReference<>();
    streaming =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              ByteArrayOutputStream in = new ByteArrayOutputStream();
              for (Frame f = connection.read(); f.opcode() != Frame.TEXT; f = connection.read()) {
                in.write(f.payload());
              }
              received.set(in.toString(StandardCharsets.UTF_8));
              connection.sendBinary(
                  ("you said " + received.get()).getBytes(StandardCharsets.UTF_8));
              connection.sendText(FIN);
              connection.awaitClose();
            });
    acceptNextStream("s-stdio");
    Stdout stdout = new Stdout();

    CliRun result = stdio(stdout, "ping", "stdio", "dev1", "ssh");

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(received.get()).isEqualTo("ping");
    assertThat(stdout.bytes.toString(StandardCharsets.UTF_8)).isEqualTo("you said ping");
    assertThat(stdout.closed).as("stdout half-closed").isTrue();
    assertThat(result.out()).as("no text besides the stream's bytes").isEmpty();
  }

  @Test
  void stdioSendsTheTimeoutHeaders() throws Exception {
    streaming = TestWebSocketServer.start(TestWebSocketServer.echo());
    acceptNextStream("s-t");

    CliRun result =
        stdio(
            new Stdout(),
            "",
            "stdio",
            "dev1",
            "ssh",
            "--connect-timeout",
            "20",
            "--response-timeout",
            "5");

    assertThat(result.exitCode()).isZero();
    TestHub.Request request = hub.take();
    assertThat(request.header("iothub-streaming-connect-timeout-in-seconds")).isEqualTo("20");
    assertThat(request.header("iothub-streaming-response-timeout-in-seconds")).isEqualTo("5");
  }

  @Test
  void stdioRejectedByTheDeviceShowsItsReason() throws Exception {
    hub.replyRejected("no service named 'x' on this device");
    Stdout stdout = new Stdout();

    CliRun result = stdio(stdout, "", "stdio", "dev1", "x");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: device dev1 rejected the stream: no service named 'x' on this device");
    assertThat(stdout.bytes.size()).isZero();
  }

  @Test
  void stdioToAnOfflineDeviceSaysSo() throws Exception {
    hub.replyProblem(404, 404103, "device 'dev1' did not come online within 0 s");

    CliRun result = stdio(new Stdout(), "", "stdio", "dev1", "ssh");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: the device is not online (404103): device 'dev1' did not come online"
                + " within 0 s");
  }

  @Test
  void stdioToADeviceThatDoesNotAnswerSaysSo() throws Exception {
    hub.replyProblem(504, 504101, "device 'dev1' did not answer within 30 s");

    CliRun result = stdio(new Stdout(), "", "stdio", "dev1", "ssh");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: the device did not answer in time (504101): device 'dev1' did not"
                + " answer within 30 s");
  }

  @Test
  void stdioToAnUnknownDeviceSaysSo() throws Exception {
    hub.replyProblem(404, 404001, "Device not found");

    CliRun result = stdio(new Stdout(), "", "stdio", "ghost", "ssh");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine()).isEqualTo("devstreams: no device 'ghost'");
  }

  @Test
  void streamClosedWithACodeOtherThan1000IsExitCode1WithTheCodeAndReason() throws Exception {
    streaming =
        TestWebSocketServer.start(
            TestWebSocketServer.closeWith(
                4005, "cannot connect to localhost:22: connection refused"));
    acceptNextStream("s-4005");

    CliRun result = stdio(new Stdout(), "", "stdio", "dev1", "ssh");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: stream to dev1/ssh ended: closed with 4005 (device could not reach its"
                + " local target): cannot connect to localhost:22: connection refused");
  }

  // ---- streams

  @Test
  void streamsPrintsATableWithHumanReadableBytesAndAges() throws Exception {
    hub.replyJson(
        200,
        "[{\"streamId\":\"s-1\",\"deviceId\":\"dev1\",\"name\":\"ssh\",\"ageSeconds\":125,"
            + "\"bytesFromDevice\":1536,\"bytesFromService\":300},"
            + "{\"streamId\":\"s-22\",\"deviceId\":\"sensor-7\",\"name\":\"http\","
            + "\"ageSeconds\":3725,\"bytesFromDevice\":10485760,\"bytesFromService\":0}]");

    CliRun result = run("streams");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "STREAM ID  DEVICE    SERVICE  AGE    FROM DEVICE  FROM SERVICE\n"
                + "s-1        dev1      ssh      2m05s  1.5 KiB      300 B\n"
                + "s-22       sensor-7  http     1h02m  10.0 MiB     0 B\n");
    assertThat(hub.take().path()).isEqualTo("/streams");
  }

  @Test
  void streamsWithJsonPrintsTheHubsShape() throws Exception {
    hub.replyJson(
        200,
        "[{\"streamId\":\"s-1\",\"deviceId\":\"dev1\",\"name\":\"ssh\",\"ageSeconds\":1,"
            + "\"bytesFromDevice\":2,\"bytesFromService\":3}]");

    CliRun result = run("streams", "--json");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out().replaceAll("\\s", ""))
        .isEqualTo(
            "[{\"streamId\":\"s-1\",\"deviceId\":\"dev1\",\"name\":\"ssh\",\"ageSeconds\":1,"
                + "\"bytesFromDevice\":2,\"bytesFromService\":3}]");
    hub.take();
  }

  @Test
  void streamsWithoutServiceConnectNamesThePolicy() throws Exception {
    hub.replyProblem(403, 403006, "ServiceConnect is required");

    CliRun result = run("streams");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.errorLine())
        .isEqualTo(
            "devstreams: the hub does not allow the policy 'iothubowner' to do this (403):"
                + " ServiceConnect is required");
    hub.take();
  }

  @Test
  void streamsHistoryPrintsWhoOutcomeDurationBytesAndWhyItEnded() throws Exception {
    hub.replyJson(
        200,
        "[{\"time\":\"2025-01-01T10:00:00Z\",\"streamId\":\"s-1\",\"requestedBy\":\"service\","
            + "\"deviceId\":\"dev1\",\"name\":\"ssh\",\"outcome\":\"accepted\","
            + "\"durationSeconds\":125,\"bytesFromDevice\":1536,\"bytesFromService\":300,"
            + "\"closeCode\":1000,\"closeReason\":\"closed normally\"},"
            + "{\"time\":\"2025-01-01T09:00:00Z\",\"requestedBy\":\"iothubowner\","
            + "\"deviceId\":\"dev1\",\"name\":\"vnc\",\"outcome\":\"rejected\","
            + "\"detail\":\"no service 'vnc'\",\"durationSeconds\":0,\"bytesFromDevice\":0,"
            + "\"bytesFromService\":0}]");

    CliRun result = run("streams", "--history", "--device", "dev1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "TIME                  WHO          DEVICE  SERVICE  OUTCOME   DURATION  FROM DEVICE"
                + "  FROM SERVICE  CLOSE\n"
                + "2025-01-01T10:00:00Z  service      dev1    ssh      accepted  2m05s     1.5 KiB"
                + "      300 B         1000 closed normally\n"
                + "2025-01-01T09:00:00Z  iothubowner  dev1    vnc      rejected  0s        0 B"
                + "          0 B           no service 'vnc'\n");
    TestHub.Request request = hub.take();
    assertThat(request.path()).isEqualTo("/streams/history");
    assertThat(request.query()).isEqualTo("top=100&deviceId=dev1");
  }

  @Test
  void streamsHistoryRefusesABadLimitOrDeviceBeforeAskingTheHub() {
    CliRun limit = run("streams", "--history", "--limit", "0");
    CliRun device = run("streams", "--history", "--device", "bad/id");
    CliRun alone = run("streams", "--device", "dev1");

    assertThat(limit.exitCode()).isEqualTo(2);
    assertThat(limit.errorLine()).contains("--limit must be a whole number, 1 or more (got '0')");
    assertThat(device.exitCode()).isEqualTo(2);
    assertThat(device.errorLine()).contains("--device: not a valid device id: 'bad/id'");
    assertThat(alone.exitCode()).isEqualTo(2);
    assertThat(alone.errorLine()).contains("--device goes with --history");
    assertThat(hub.noMoreRequests()).isTrue();
  }

  // ---- help

  @Test
  void eachStreamCommandHasHelp() {
    assertThat(CliRun.run(Map.of(), "forward", "--help").out())
        .startsWith(
            "usage: devstreams forward DEVICE_ID SERVICE --local-port N [--bind ADDR]"
                + " [--connect-timeout S] [--response-timeout S] [--protocol N]\n");
    assertThat(CliRun.run(Map.of(), "stdio", "--help").out())
        .startsWith(
            "usage: devstreams stdio DEVICE_ID SERVICE [--connect-timeout S]"
                + " [--response-timeout S] [--protocol N]\n");
    assertThat(CliRun.run(Map.of(), "streams", "--help").out())
        .startsWith("usage: devstreams streams [--json] [--history] [--device ID] [--limit N]\n");
  }

  // ---- helpers

  private CliRun stdio(Stdout stdout, String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Terminal terminal =
        new Terminal(
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            stdout,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            StopSignal.NEVER);
    int code = DevstreamsMain.run(List.of(args), env, terminal);
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static void writeAndShutdown(Socket socket, byte[] data) {
    try {
      socket.getOutputStream().write(data);
      socket.shutdownOutput();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Standard output as raw bytes that remembers being closed. */
  private static final class Stdout extends java.io.OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    volatile boolean closed;

    @Override
    public void write(int b) {
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** A {@code forward} command running on its own thread until a test stops it. */
  private static final class Forward {
    final Lines out = new Lines();
    final ErrLines err = new ErrLines();
    private final AtomicReference<Runnable> stop = new AtomicReference<>();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private String first;

    static Forward start(Map<String, String> env, String... args) {
      Forward forward = new Forward();
      Terminal terminal =
          new Terminal(
              java.io.InputStream.nullInputStream(),
              forward.out.printStream(),
              forward.out.printStream(),
              forward.err.printStream(),
              stop -> {
                forward.stop.set(stop);
                return () -> {};
              });
      Thread thread =
          new Thread(() -> forward.exit.complete(DevstreamsMain.run(List.of(args), env, terminal)));
      thread.setDaemon(true);
      thread.start();
      return forward;
    }

    /** Returns the port from the {@code forwarding ...} line. */
    int port() throws InterruptedException {
      String line = firstLine();
      return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1, line.indexOf(" -> ")));
    }

    String firstLine() throws InterruptedException {
      if (first == null) {
        first = out.next();
      }
      return first;
    }

    List<String> errLines(int count) throws InterruptedException {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        lines.add(err.next());
      }
      return lines;
    }

    /** Sends the stop signal (as SIGTERM would) and returns the exit code. */
    int stop() throws Exception {
      firstLine();
      stop.get().run();
      return exit.get(10, TimeUnit.SECONDS);
    }
  }

  /** Standard error lines, remembering the client port of the last one. */
  private static final class ErrLines {
    private final Lines lines = new Lines();
    private String last = "";

    PrintStream printStream() {
      return lines.printStream();
    }

    String next() throws InterruptedException {
      last = lines.next();
      return last;
    }

    String lastClientPort() {
      String[] words = last.split(" ");
      return words[2].substring(words[2].lastIndexOf(':') + 1);
    }
  }
}
