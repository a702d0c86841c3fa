package io.devstreams.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.protocol.SasKeys;
import io.devstreams.protocol.tunnel.TestWebSocketServer;
import io.devstreams.protocol.tunnel.TestWebSocketServer.Frame;
import io.devstreams.service.TestCertificates;
import io.devstreams.service.TestHub;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the shaded {@code devstreams.jar} as a process, as {@code bin/devstreams} does, against a
 * real local HTTPS server: catches what only the packaged jar can get wrong (its manifest, its
 * merged service files, the multi-release classes JSON-B needs for records).
 */
class DevstreamsJarIT {

  @TempDir static Path dir;
  private static TestCertificates certificates;
  private static TestHub hub;

  @BeforeAll
  static void startHub() throws Exception {
    certificates = TestCertificates.create(dir, "hub");
    hub = TestHub.start(certificates);
  }

  @AfterAll
  static void stopHub() {
    hub.close();
  }

  private static Process startJar(String... args) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command =
        new ArrayList<>(List.of(java.toString(), "-jar", System.getProperty("devstreams.jar")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put(Settings.CONNECTION_STRING_ENV, hub.ownerConnectionString().format());
    builder.environment().put(Settings.TRUST_CERT_ENV, certificates.pem().toString());
    builder.redirectError(dir.resolve("stderr.txt").toFile());
    return builder.start();
  }

  private static CliRun runJar(String... args) throws IOException, InterruptedException {
    Process process = startJar(args);
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("devstreams.jar finished").isTrue();
    String err = Files.readString(dir.resolve("stderr.txt"));
    return new CliRun(process.exitValue(), out, err);
  }

  @Test
  void packagedJarReadsDevicesAndPrintsTheConnectionString() throws Exception {
    String key = SasKeys.generate();
    hub.replyJson(
        200,
        "{\"deviceId\":\"dev1\",\"etag\":\"ZTE=\",\"status\":\"enabled\","
            + "\"authentication\":{\"type\":\"sas\",\"symmetricKey\":{\"primaryKey\":\""
            + key
            + "\",\"secondaryKey\":\""
            + key
            + "\"}}}");

    CliRun result = runJar("device", "create", "dev1");

    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo("HostName=" + hub.hostName() + ";DeviceId=dev1;SharedAccessKey=" + key + "\n");
    hub.assertAuthorized(hub.take());
  }

  @Test
  void packagedJarReportsHubErrorsOnOneLine() throws Exception {
    hub.replyProblem(404, 404001, "Device not found");

    CliRun result = runJar("device", "show", "ghost");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("devstreams: no device 'ghost'\n");
    hub.take();
  }

  @Test
  void packagedJarExitsWith2OnUsageErrors() throws Exception {
    CliRun result = runJar("device", "frobnicate");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("devstreams: device: unknown subcommand 'frobnicate'");
  }

  @Test
  void packagedJarStdioEndsStandardOutputOnTheRemoteFinWhileStillSending() throws Exception {
    BlockingQueue<String> fromStdin = new LinkedBlockingQueue<>();
    try (TestWebSocketServer streaming =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              connection.sendBinary("hello".getBytes(StandardCharsets.UTF_8));
              connection.sendText("{\"type\":\"fin\"}");
              ByteArrayOutputStream received = new ByteArrayOutputStream();
              for (Frame f = connection.read(); f.opcode() != Frame.TEXT; f = connection.read()) {
                received.write(f.payload());
              }
              fromStdin.add(received.toString(StandardCharsets.UTF_8));
              connection.awaitClose();
            })) {
      hub.replyAccepted(streaming.uri("/streams/s-jar").toString(), "token-jar");
      Process process = startJar("stdio", "dev1", "ssh", "--protocol", "1");

      byte[] out = process.getInputStream().readAllBytes();

      assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(process.isAlive()).as("still running: its input is open").isTrue();
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write("bye".getBytes(StandardCharsets.UTF_8));
      }
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(dir.resolve("stderr.txt"))).isEmpty();
      assertThat(process.exitValue()).isZero();
      assertThat(fromStdin.poll(10, TimeUnit.SECONDS)).isEqualTo("bye");
      hub.take();
    }
  }
}
