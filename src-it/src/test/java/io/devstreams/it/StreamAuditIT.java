package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.service.Json;
import io.devstreams.service.StreamHistoryEntry;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stream history end to end: an accepted stream with known bytes, one the device rejects and
 * one to an offline device, each listed by {@code devstreams streams --history --json} with its
 * outcome and byte counts, still there after the hub restarts.
 */
class StreamAuditIT {
  private static final Duration UP = Duration.ofSeconds(90);
  private static final Duration RECORDED = Duration.ofSeconds(60);
  private static final int PAYLOAD = 123_457;

  private static HubProcess hub;
  private static TcpTargets echo;
  private static ManagedProcess agent;
  private static Path dir;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "audit-").toAbsolutePath();
    hub = HubProcess.start(dir.resolve("hub"));
    echo = TcpTargets.echo();
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", "audited");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    agent =
        ManagedProcess.agent(
            dir.resolve("agent.log"),
            hub,
            created.stdout().trim(),
            List.of("--service", "echo=127.0.0.1:" + echo.port()));
    agent.await("connected to", UP);
    Cli.Result offline = Cli.run(Cli.ownerEnv(hub), "device", "create", "asleep");
    assertThat(offline.exitCode()).as(offline.toString()).isZero();
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(agent, echo, hub);
  }

  @Test
  void acceptedRejectedAndOfflineStreamsAreRecordedAndSurviveARestart() throws IOException {
    byte[] payload = new byte[PAYLOAD];
    new Random(5).nextBytes(payload);
    Cli.Result accepted = stdio(payload, "audited", "echo");
    assertThat(accepted.exitCode()).as(accepted.stderr()).isZero();
    assertThat(Arrays.equals(accepted.stdoutBytes(), payload)).isTrue();
    Cli.Result rejected = stdio(new byte[0], "audited", "nosuch");
    assertThat(rejected.exitCode()).as(rejected.stderr()).isEqualTo(1);
    Cli.Result offline = stdio(new byte[0], "asleep", "echo");
    assertThat(offline.exitCode()).as(offline.stderr()).isEqualTo(1);

    List<StreamHistoryEntry> history = awaitHistory(h -> h.size() >= 3);
    assertRecorded(history);

    agent.close();
    hub.restart();
    assertRecorded(awaitHistory(h -> h.size() >= 3));
    List<StreamHistoryEntry> oneDevice = history("--device", "asleep");
    assertThat(oneDevice).extracting(StreamHistoryEntry::outcome).containsExactly("offline");
  }

  @Test
  void badHistoryParametersAreProblemJson() {
    HubHttp http = new HubHttp(hub);
    String token = http.policyToken("iothubowner");
    for (String query : new String[] {"?top=0", "?top=x", "?deviceId=bad%2Fid"}) {
      HttpResponse<String> r = http.get("/streams/history" + query, token);
      assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    }
    HttpResponse<String> foreign =
        http.send(
            http.request("/streams/history")
                .header("Authorization", token)
                .header("x-ms-continuation", "not-ours")
                .GET());
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.body()).contains("not a stream history token");
    HttpResponse<String> readOnly = http.get("/streams/history", http.policyToken("registryRead"));
    assertThat(readOnly.statusCode()).as(readOnly.body()).isEqualTo(403);
  }

  private static void assertRecorded(List<StreamHistoryEntry> history) {
    StreamHistoryEntry accepted = only(history, "audited", "echo");
    assertThat(accepted.outcome()).isEqualTo("accepted");
    assertThat(accepted.requestedBy()).isEqualTo("iothubowner");
    assertThat(accepted.bytesFromService()).isEqualTo(PAYLOAD);
    assertThat(accepted.bytesFromDevice()).isEqualTo(PAYLOAD);
    assertThat(accepted.closeCode()).isNotNull();
    assertThat(accepted.pairedAt()).isNotNull();
    StreamHistoryEntry rejected = only(history, "audited", "nosuch");
    assertThat(rejected.outcome()).isEqualTo("rejected");
    assertThat(rejected.detail()).contains("nosuch");
    assertThat(rejected.bytesFromService()).isZero();
    StreamHistoryEntry offline = only(history, "asleep", "echo");
    assertThat(offline.outcome()).isEqualTo("offline");
    assertThat(offline.streamId()).isNull();
  }

  private static StreamHistoryEntry only(
      List<StreamHistoryEntry> history, String deviceId, String name) {
    List<StreamHistoryEntry> found =
        history.stream()
            .filter(e -> e.deviceId().equals(deviceId) && e.name().equals(name))
            .toList();
    assertThat(found).as("%s/%s in %s", deviceId, name, history).hasSize(1);
    return found.get(0);
  }

  /** Polls the history until it satisfies {@code done}: records are written off the relay. */
  private static List<StreamHistoryEntry> awaitHistory(Predicate<List<StreamHistoryEntry>> done) {
    long deadline = System.nanoTime() + RECORDED.toNanos();
    List<StreamHistoryEntry> history = history();
    while (!done.test(history) && System.nanoTime() < deadline) {
      history = history();
    }
    assertThat(done.test(history)).as("history within %s: %s", RECORDED, history).isTrue();
    return history;
  }

  private static List<StreamHistoryEntry> history(String... more) {
    String[] args = new String[3 + more.length];
    args[0] = "streams";
    args[1] = "--history";
    args[2] = "--json";
    System.arraycopy(more, 0, args, 3, more.length);
    Cli.Result r = Cli.run(Cli.ownerEnv(hub), args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return List.of(Json.<StreamHistoryEntry[]>read(r.stdout(), StreamHistoryEntry[].class));
  }

  private static Cli.Result stdio(byte[] input, String... args) throws IOException {
    Path in = Files.createTempFile(dir, "stdin-", ".bin");
    Files.write(in, input);
    String[] all = new String[args.length + 1];
    all[0] = "stdio";
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.runWithInput(Cli.ownerEnv(hub), in, all);
  }
}
