package io.devstreams.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.device.DeviceClient;
import io.devstreams.protocol.ConnectionString;
import io.devstreams.service.ClientOptions;
import io.devstreams.service.Device;
import io.devstreams.service.HubConnection;
import io.devstreams.service.RegistryClient;
import io.devstreams.service.ServiceClient;
import io.devstreams.service.StreamHistoryEntry;
import io.devstreams.service.StreamRejectedException;
import io.devstreams.service.StreamTimeouts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The examples against a real hub, started with {@code bin/devstreams-hub} from the checkout on a
 * free port: the device example serves, the service example opens a stream to it, and the hub's
 * stream history shows the bytes crossed it.
 */
class ExamplesIT {

  private static final int MIB = 1024 * 1024;

  private static Process hub;
  private static Path dataDir;
  private static DeviceClient device;
  private static String deviceId;

  @BeforeAll
  static void startHubAndDevice() throws Exception {
    Path root = Path.of(System.getProperty("devstreams.root", "..")).toAbsolutePath().normalize();
    dataDir = Files.createTempDirectory(Path.of("target"), "hub-").toAbsolutePath();
    hub =
        new ProcessBuilder(
                root.resolve("bin/devstreams-hub").toString(),
                "--port",
                Integer.toString(freePort()),
                "--device-cert-port",
                "0",
                "--data-dir",
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    awaitReadyLine();
    RegistryClient registry =
        new RegistryClient(
            HubConnection.open(
                ConnectionString.parse(read("owner.connection-string")),
                ClientOptions.defaults().withTrustCertificate(cert())));
    awaitTrue(Duration.ofSeconds(60), () -> answers(registry));
    deviceId = "example-" + Long.toHexString(System.nanoTime());
    Device created = registry.create(deviceId);
    String host = ConnectionString.parse(read("owner.connection-string")).hostName();
    device =
        ServeStream.start(
            ConnectionString.forDevice(host, deviceId, created.primaryKey()).format(), cert());
    awaitTrue(Duration.ofSeconds(30), device::isConnected);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (device != null) {
      device.close();
    }
    if (hub != null) {
      hub.destroy();
      if (!hub.waitFor(30, TimeUnit.SECONDS)) {
        hub.destroyForcibly();
      }
    }
  }

  @Test
  void aMebibyteCrossesTheHubBothWaysThroughTheExamples() throws Exception {
    byte[] request = new byte[MIB];
    SplittableRandom random = new SplittableRandom(14);
    for (int i = 0; i < request.length; i++) {
      request[i] = (byte) ('a' + random.nextInt(26));
    }
    ServiceClient client = OpenStream.connect(read("service.connection-string"), cert());

    byte[] answer = OpenStream.exchange(client, deviceId, ServeStream.SERVICE, request);

    assertThat(answer)
        .isEqualTo(new String(request, StandardCharsets.US_ASCII).toUpperCase().getBytes());
    StreamHistoryEntry record = awaitRecord(client);
    assertThat(record.outcome()).isEqualTo("accepted");
    assertThat(record.bytesFromService()).isEqualTo(MIB);
    assertThat(record.bytesFromDevice()).isEqualTo(MIB);
  }

  @Test
  void theDeviceRejectsANameItDoesNotServeWithItsReason() {
    ServiceClient client = OpenStream.connect(read("service.connection-string"), cert());

    assertThatThrownBy(() -> client.createStream(deviceId, "ssh", StreamTimeouts.HUB_DEFAULTS))
        .isInstanceOf(StreamRejectedException.class)
        .hasMessageContaining("this device serves only 'upper'");
  }

  private static StreamHistoryEntry awaitRecord(ServiceClient client) {
    StreamHistoryEntry[] found = new StreamHistoryEntry[1];
    awaitTrue(
        Duration.ofSeconds(30),
        () -> {
          Optional<StreamHistoryEntry> record =
              client.streamHistory(deviceId, 10).stream()
                  .filter(e -> ServeStream.SERVICE.equals(e.name()) && e.endedAt() != null)
                  .findFirst();
          record.ifPresent(r -> found[0] = r);
          return record.isPresent();
        });
    return found[0];
  }

  private static boolean answers(RegistryClient registry) {
    try {
      registry.list();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Copies the hub's output to {@code hub.log} and waits for its ready line. */
  private static void awaitReadyLine() {
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread copier =
        new Thread(
            () -> {
              try (BufferedReader out =
                      new BufferedReader(
                          new InputStreamReader(hub.getInputStream(), StandardCharsets.UTF_8));
                  Writer log = Files.newBufferedWriter(dataDir.resolveSibling("hub.log"))) {
                for (String line; (line = out.readLine()) != null; ) {
                  log.write(line + "\n");
                  log.flush();
                  if (line.contains("devstreams hub listening on")) {
                    ready.complete(true);
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              } finally {
                ready.complete(false);
              }
            },
            "hub-output");
    copier.setDaemon(true);
    copier.start();
    awaitTrue(Duration.ofSeconds(180), ready::isDone);
    assertThat(ready.join()).as("the hub printed its ready line (see target/hub.log)").isTrue();
  }

  private static void awaitTrue(Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not true within " + limit);
      }
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  private static String read(String file) {
    try {
      return Files.readString(dataDir.resolve(file)).trim();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path cert() {
    return dataDir.resolve("hub-cert.pem");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
