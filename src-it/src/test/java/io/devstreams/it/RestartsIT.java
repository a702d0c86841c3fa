package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Processes that die or stop: a hub killed with SIGKILL in the middle of a transfer and of a burst
 * of registry writes, a hub stopped with SIGTERM while a stream is open, an agent killed under an
 * open stream. Nothing acknowledged may be lost, nothing may hang, and every end must say why.
 */
class RestartsIT {
  private static final Duration UP = Duration.ofSeconds(120);
  private static final Pattern PRIMARY = Pattern.compile("\"primaryKey\"\\s*:\\s*\"([^\"]+)\"");
  private static Path dir;
  private static HubProcess hub;
  private static TcpTargets echo;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "restarts-").toAbsolutePath();
    hub =
        HubProcess.start(
            dir.resolve("hub"),
            Map.of(
                "DEVSTREAMS_HUB_JAVA_OPTS",
                "-Ddevstreams.control.ping-interval=PT2S -Ddevstreams.control.heartbeat-timeout=PT6S"
                    + " -Ddevstreams.shutdown.grace=PT5S"));
    echo = TcpTargets.echo();
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(echo, hub);
  }

  /** A test that failed with the hub down leaves it running again for the next one. */
  @AfterEach
  void hubRunsAgain() {
    if (!hub.process().isAlive()) {
      hub.restart();
    }
  }

  private static ManagedProcess agent(String deviceId) {
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", deviceId);
    assertThat(created.exitCode()).as(created.toString()).isZero();
    Map<String, String> env = new HashMap<>();
    env.put("DEVSTREAMS_DEVICE_CONNECTION_STRING", created.stdout().trim());
    env.put("DEVSTREAMS_TRUST_CERT", hub.trustCert().toString());
    env.put("DEVSTREAMS_HEARTBEAT_SECONDS", "2");
    env.put("DEVSTREAMS_RECONNECT_MAX_SECONDS", "2");
    ManagedProcess p =
        ManagedProcess.start(
            dir.resolve("agent-" + deviceId + ".log"),
            env,
            "devstreams-device",
            List.of("--service", "echo=127.0.0.1:" + echo.port()));
    p.await("connected to", UP);
    return p;
  }

  private static ManagedProcess forward(String deviceId) {
    return ManagedProcess.start(
        dir.resolve("forward-" + deviceId + ".log"),
        Cli.ownerEnv(hub),
        "devstreams",
        List.of("forward", deviceId, "echo", "--local-port", "0"));
  }

  @Test
  void killedAgentGivesTheServiceSideAClearReasonPromptly() throws IOException {
    try (ManagedProcess agent = agent("gone-agent");
        ManagedProcess forward = forward("gone-agent")) {
      int port = forward.awaitForwardPort();
      try (Socket client = new Socket("127.0.0.1", port)) {
        client.setSoTimeout((int) UP.toMillis());
        assertThat(TcpTargets.echoLine(client, "hello\n")).isEqualTo("hello\n");
        long killedAt = System.nanoTime();

        agent.kill9();

        assertThat(client.getInputStream().read()).isEqualTo(-1);
        assertThat(forward.await("closed after", UP))
            .contains("closed with 4000 (peer closed the stream)")
            .contains("the device side disconnected without closing");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt))
            .as("seconds from kill to close")
            .isLessThan(10);
      }
    }
  }

  /**
   * SIGKILL of the hub in the middle of a transfer: the CLI exits non-zero with a clear message at
   * once (the kernel resets the connections), the agent retries on its own and is back once the hub
   * is, with the registry as it was.
   */
  @Test
  void killedHubFailsTheTransferClearlyAndAgentsComeBackOnTheirOwn() throws IOException {
    try (ManagedProcess agent = agent("survivor")) {
      StdioSession stdio = StdioSession.start(Cli.ownerEnv(hub), "survivor", "echo");
      try (stdio) {
        OutputStream in = stdio.stdin();
        in.write(new byte[256 * 1024]); // a transfer in flight
        in.flush();
        long killedAt = System.nanoTime();

        hub.kill9();

        assertThat(stdio.awaitExit(Duration.ofSeconds(30))).isEqualTo(1);
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killedAt)).isLessThan(15);
        assertThat(stdio.stderr()).contains("devstreams: stream").contains("connection lost");
        assertThat(agent.await("reconnecting in", UP)).contains("disconnected from");
      }

      hub.restart();

      agent.await("connected to", UP);
      Cli.Result show = Cli.run(Cli.ownerEnv(hub), "device", "show", "survivor");
      assertThat(show.exitCode()).as(show.toString()).isZero();
      StdioSession again = StdioSession.start(Cli.ownerEnv(hub), "survivor", "echo");
      again.sendAndClose("still here\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(again.awaitExit(UP)).as(again.stderr()).isZero();
      assertThat(new String(again.stdout(), StandardCharsets.US_ASCII)).isEqualTo("still here\n");
    }
  }

  /**
   * SIGKILL during a burst of device creations from four concurrent writers: every creation the hub
   * acknowledged is there after the restart with the keys it returned, and every device there is
   * whole.
   */
  @Test
  void killDuringARegistryWriteBurstLosesNoAcknowledgedWrite() throws Exception {
    HubHttp http = new HubHttp(hub);
    String owner = http.policyToken("iothubowner");
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger next = new AtomicInteger();
    CountDownLatch enough = new CountDownLatch(60);
    List<Thread> writers = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      Thread writer =
          new Thread(
              () -> {
                while (!stop.get()) {
                  String id = "burst-" + next.incrementAndGet();
                  HttpResponse<String> r;
                  try {
                    r = http.put("/devices/" + id, owner, "{\"deviceId\":\"" + id + "\"}");
                  } catch (UncheckedIOException e) {
                    return; // the hub is gone: this write was never acknowledged
                  }
                  Matcher key = PRIMARY.matcher(r.body());
                  if (r.statusCode() == 200 && key.find()) {
                    acknowledged.put(id, key.group(1));
                    enough.countDown();
                  }
                }
              });
      writer.start();
      writers.add(writer);
    }
    assertThat(enough.await(60, TimeUnit.SECONDS)).as("60 writes acknowledged").isTrue();

    hub.kill9();
    stop.set(true);
    for (Thread writer : writers) {
      writer.join(60_000);
    }

    hub.restart();
    HubHttp after = new HubHttp(hub);
    String token = after.policyToken("iothubowner");
    for (Map.Entry<String, String> ack : acknowledged.entrySet()) {
      HttpResponse<String> got = after.get("/devices/" + ack.getKey(), token);
      assertThat(got.statusCode()).as(ack.getKey()).isEqualTo(200);
      Matcher key = PRIMARY.matcher(got.body());
      assertThat(key.find()).as(got.body()).isTrue();
      assertThat(key.group(1)).as(ack.getKey()).isEqualTo(ack.getValue());
    }
    HttpResponse<String> list = after.get("/devices?top=1000", token);
    assertThat(list.statusCode()).isEqualTo(200);
    Matcher ids = Pattern.compile("\"deviceId\"\\s*:\\s*\"(burst-\\d+)\"").matcher(list.body());
    int listed = 0;
    while (ids.find()) {
      listed++;
      HttpResponse<String> whole = after.get("/devices/" + ids.group(1), token);
      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(PRIMARY.matcher(whole.body()).find()).as(whole.body()).isTrue();
    }
    assertThat(listed).isGreaterThanOrEqualTo(acknowledged.size());
  }

  /**
   * SIGTERM with a stream open: new streams are refused at once with 503 while the open one goes on
   * for the grace period (5 s here), then it is closed with 4007 and the agent reconnects to the
   * restarted hub without counting it as an error.
   */
  @Test
  void sigtermDrainsOpenStreamsThenClosesThemWith4007() throws IOException {
    try (ManagedProcess agent = agent("drained");
        ManagedProcess forward = forward("drained")) {
      int port = forward.awaitForwardPort();
      try (Socket client = new Socket("127.0.0.1", port)) {
        client.setSoTimeout((int) UP.toMillis());
        assertThat(TcpTargets.echoLine(client, "one\n")).isEqualTo("one\n");

        hub.process().destroy(); // SIGTERM

        HubHttp http = new HubHttp(hub);
        String refused = awaitRefusal(http);
        assertThat(refused).contains("503").contains("shutting down");
        assertThat(TcpTargets.echoLine(client, "two\n"))
            .as("the open stream still works")
            .isEqualTo("two\n");
        assertThat(client.getInputStream().read()).isEqualTo(-1);
        assertThat(forward.await("closed after", UP))
            .contains("4007")
            .contains("hub is shutting down");
      }
      assertThat(hub.awaitExit()).as("hub exited after SIGTERM").isTrue();
      assertThat(agent.await("reconnecting in", UP)).doesNotContain("ERROR");

      hub.restart();

      agent.await("connected to", UP);
      assertThat(agent.process().isAlive()).isTrue();
    }
  }

  /**
   * A silently dead device (SIGSTOP: its connections stay open, nothing comes back) is noticed
   * within the hub's heartbeat window (6 s here) and shown Disconnected with the time; once it runs
   * again it reconnects by itself.
   */
  @Test
  void stoppedAgentIsShownDisconnectedWithinTheHeartbeatWindow() throws Exception {
    try (ManagedProcess agent = agent("frozen")) {
      long stoppedAt = System.nanoTime();
      signal(agent.process().pid(), "STOP");
      try {
        String shown = awaitJson("frozen", "\"connectionState\"\\s*:\\s*\"Disconnected\"");
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stoppedAt);
        assertThat(seconds).as("seconds to notice the stopped agent").isLessThan(20);
        assertThat(shown).containsPattern("\"connectionStateUpdatedTime\"\\s*:\\s*\"20");
      } finally {
        signal(agent.process().pid(), "CONT");
      }
      agent.await("connected to", UP);
    }
  }

  /**
   * A silently dead hub (SIGSTOP) is noticed by the agent within three heartbeat intervals (6 s
   * here); once the hub runs again the agent reconnects by itself.
   */
  @Test
  void stoppedHubIsNoticedByTheAgentWhichComesBackWhenItRuns() throws Exception {
    try (ManagedProcess agent = agent("patient")) {
      signal(hub.pid(), "STOP");
      try {
        assertThat(agent.await("reconnecting in", UP)).contains("no answer from the hub for");
      } finally {
        signal(hub.pid(), "CONT");
      }
      agent.await("connected to", UP);
    }
  }

  private static void signal(long pid, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
    assertThat(kill.waitFor()).as("kill -" + signal + " " + pid).isZero();
  }

  /** Polls {@code device show ID --json} until it matches {@code regex}; returns that output. */
  private static String awaitJson(String deviceId, String regex) {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      Cli.Result show = Cli.run(Cli.ownerEnv(hub), "device", "show", deviceId, "--json");
      last = show.stdout();
      if (pattern.matcher(last).find()) {
        return last;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
    }
    throw new AssertionError("device " + deviceId + " never matched " + regex + ": " + last);
  }

  /** Asks for new streams until the draining hub answers; returns "STATUS BODY". */
  private static String awaitRefusal(HubHttp http) {
    String token = http.policyToken("iothubowner");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(
              http.request("/twins/drained/streams/echo")
                  .header("Authorization", token)
                  .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
      last = r.statusCode() + " " + r.body();
      if (r.statusCode() == 503) {
        return last;
      }
      assertThat(r.statusCode()).as(last).isLessThan(500);
      // A stream granted before the hub began draining: give it back and ask again.
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    throw new AssertionError("the hub never refused a new stream while draining; last: " + last);
  }
}
