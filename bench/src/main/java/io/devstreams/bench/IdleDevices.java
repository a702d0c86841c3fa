package io.devstreams.bench;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.Headers;
import io.devstreams.protocol.tunnel.HubTls;
import io.devstreams.service.ClientOptions;
import io.devstreams.service.Device;
import io.devstreams.service.HubConnection;
import io.devstreams.service.RegistryClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many devices that hold their control channel open and do nothing else: registered through the
 * REST API (several requests at a time), then connected as light in-process clients, one JDK
 * WebSocket each over real TLS with its own device SAS token, all on one shared {@link HttpClient}
 * (no agent process per device). The JDK answers the hub's heartbeat pings by itself.
 */
final class IdleDevices implements AutoCloseable {

  /** How many of a batch of requests failed, with the first few reasons. */
  record Failures(int count, List<String> examples) {}

  /** Requests or handshakes in flight at once. */
  static final int PARALLEL = 32;

  private final String hostName;
  private final RegistryClient registry;
  private final HttpClient http;
  private final ExecutorService executor =
      Executors.newFixedThreadPool(
          PARALLEL,
          r -> {
            Thread t = new Thread(r, "bench-idle-devices");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, String> keys = new ConcurrentHashMap<>();
  private final List<WebSocket> open = new ArrayList<>();
  private final AtomicInteger dropped = new AtomicInteger();

  IdleDevices(String serviceConnectionString, Path trustCert) {
    ConnectionString owner = ConnectionString.parse(serviceConnectionString);
    this.hostName = owner.hostName();
    this.registry =
        new RegistryClient(
            HubConnection.open(owner, ClientOptions.defaults().withTrustCertificate(trustCert)));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(HubTls.sslContext(trustCert))
            .connectTimeout(Duration.ofSeconds(30))
            .executor(executor)
            .build();
  }

  /** Creates the devices {@code prefix-0 ...}; returns what failed. */
  Failures register(String prefix, int count) throws InterruptedException {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = prefix + "-" + i;
      all.add(
          CompletableFuture.runAsync(
              () -> keys.put(id, registry.create(id).primaryKey()), executor));
    }
    return failures(all, "register");
  }

  /** Opens every registered device's control channel; returns what failed. */
  Failures connect() throws InterruptedException {
    Semaphore inFlight = new Semaphore(PARALLEL);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Map.Entry<String, String> device : keys.entrySet()) {
      inFlight.acquire();
      String token =
          ConnectionString.forDevice(hostName, device.getKey(), device.getValue())
              .createToken(Duration.ofHours(1), Clock.systemUTC());
      CompletableFuture<Void> opened =
          http.newWebSocketBuilder()
              .header(Headers.AUTHORIZATION, token)
              .buildAsync(
                  URI.create("wss://" + hostName + "/devices/" + device.getKey() + "/streams"),
                  new Idle())
              .thenAccept(this::opened)
              .whenComplete((ok, e) -> inFlight.release());
      all.add(opened);
    }
    return failures(all, "connect");
  }

  /** Control channels that the hub closed or that failed after they were open. */
  int dropped() {
    return dropped.get();
  }

  /** Counts the registry's devices with this prefix that the hub shows Connected. */
  int connectedInRegistry(String prefix) {
    int connected = 0;
    for (Device d : registry.list()) {
      if (d.deviceId().startsWith(prefix + "-") && "Connected".equals(d.connectionState())) {
        connected++;
      }
    }
    return connected;
  }

  private synchronized void opened(WebSocket ws) {
    open.add(ws);
  }

  private static Failures failures(List<CompletableFuture<Void>> all, String what)
      throws InterruptedException {
    int count = 0;
    List<String> examples = new ArrayList<>();
    for (CompletableFuture<Void> f : all) {
      try {
        f.get(120, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        count++;
        if (examples.size() < 5) {
          examples.add(what + ": " + (e.getCause() == null ? e : e.getCause()));
        }
      }
    }
    return new Failures(count, examples);
  }

  /** Drops every control channel at once (no closing handshake: the hub is not measured now). */
  synchronized void disconnect() {
    open.forEach(WebSocket::abort);
    open.clear();
  }

  @Override
  public void close() {
    disconnect();
    executor.shutdownNow();
  }

  /** An idle device: reads whatever comes (nothing should) and counts unexpected ends. */
  private final class Idle implements WebSocket.Listener {
    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      dropped.incrementAndGet();
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      dropped.incrementAndGet();
    }
  }
}
