package io.devstreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM of a hub with devices connected and streams open, as a supervisor stops it: the hub logs
 * no warning or error while it stops (the database once closed under its last writes), and after a
 * restart every device shows Disconnected since that stop and every stream is in the history,
 * closed with 4007. The agents reconnect as fast as they can meanwhile, so channels also open while
 * the hub stops.
 */
class CleanShutdownIT {
  private static final Duration UP = Duration.ofSeconds(120);
  private static final List<String> DEVICES = List.of("calm-1", "calm-2", "calm-3");
  private static final Pattern STREAM_ID = Pattern.compile("\"streamId\"\\s*:\\s*\"([^\"]+)\"");

  private static Path dir;
  private static HubProcess hub;
  private static TcpTargets echo;

  @BeforeAll
  static void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("target"), "shutdown-").toAbsolutePath();
    hub =
        HubProcess.start(
            dir.resolve("hub"),
            Map.of("DEVSTREAMS_HUB_JAVA_OPTS", "-Ddevstreams.shutdown.grace=PT1S"));
    echo = TcpTargets.echo();
  }

  @AfterAll
  static void stop() {
    Closeables.closeAll(echo, hub);
  }

  @Test
  void sigtermWithDevicesAndStreamsLogsNoWarningAndRecordsThemAll() throws Exception {
    List<ManagedProcess> processes = new ArrayList<>();
    List<Socket> clients = new ArrayList<>();
    Set<String> streamIds;
    Instant stopped;
    try {
      for (String device : DEVICES) {
        processes.add(agent(device));
      }
      for (String device : DEVICES.subList(0, 2)) {
        ManagedProcess forward = forward(device);
        processes.add(forward);
        int port = forward.awaitForwardPort();
        for (int i = 0; i < 2; i++) {
          Socket client = new Socket("127.0.0.1", port);
          client.setSoTimeout((int) UP.toMillis());
          clients.add(client);
          assertThat(TcpTargets.echoLine(client, device + " " + i + "\n"))
              .isEqualTo(device + " " + i + "\n");
        }
      }
      streamIds = activeStreamIds();
      assertThat(streamIds).hasSize(4);

      stopped = Instant.now();
      hub.sigterm();
      assertThat(hub.awaitExit()).as("hub exited after SIGTERM").isTrue();
    } finally {
      Closeables.closeAll(clients.toArray(AutoCloseable[]::new));
      Closeables.closeAll(processes.toArray(AutoCloseable[]::new));
    }
    List<String> stopLog = Files.readAllLines(hub.log());
    assertThat(stopLog).anyMatch(l -> l.contains("SIGTERM: stopping gracefully"));
    assertThat(stopLog)
        .as("warnings and errors while stopping")
        .noneMatch(line -> line.matches("\\S+ (WARN|WARNING|SEVERE) .*"))
        .noneMatch(line -> line.contains("Exception"));

    Instant restarted = Instant.now();
    hub.restart();

    HubHttp http = new HubHttp(hub);
    String token = http.policyToken("iothubowner");
    for (String device : DEVICES) {
      String shown = http.get("/devices/" + device, token).body();
      assertThat(shown).as(device).containsPattern("\"connectionState\"\\s*:\\s*\"Disconnected\"");
      Instant updated = Instant.parse(field(shown, "connectionStateUpdatedTime"));
      assertThat(updated)
          .as("%s recorded Disconnected by the stop", device)
          .isBetween(stopped, restarted);
    }
    HttpResponse<String> history = http.get("/streams/history?top=100", token);
    assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
    for (String id : streamIds) {
      assertThat(history.body())
          .as("stream %s in the history", id)
          .containsPattern(
              "\"streamId\"\\s*:\\s*\"" + Pattern.quote(id) + "\"[^}]*\"closeCode\"\\s*:\\s*4007");
    }
  }

  private static ManagedProcess agent(String deviceId) {
    Cli.Result created = Cli.run(Cli.ownerEnv(hub), "device", "create", deviceId);
    assertThat(created.exitCode()).as(created.toString()).isZero();
    Map<String, String> env = new HashMap<>();
    env.put("DEVSTREAMS_DEVICE_CONNECTION_STRING", created.stdout().trim());
    env.put("DEVSTREAMS_TRUST_CERT", hub.trustCert().toString());
    env.put("DEVSTREAMS_RECONNECT_MAX_SECONDS", "1"); // back while the hub is still stopping
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

  private static Set<String> activeStreamIds() {
    HubHttp http = new HubHttp(hub);
    HttpResponse<String> r = http.get("/streams", http.policyToken("iothubowner"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Set<String> ids = new LinkedHashSet<>();
    Matcher m = STREAM_ID.matcher(r.body());
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as("%s in %s", name, json).isTrue();
    return m.group(1);
  }
}
