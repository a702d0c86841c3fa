package io.devstreams.it;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.ControlMessage;
import io.devstreams.protocol.ControlMessages;
import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.StreamResponse;
import io.devstreams.protocol.tunnel.HubTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A device played by the test: it holds the device's control channel ({@code
 * wss://HOST/devices/{id}/streams}, JDK WebSocket, device SAS token), records every stream request
 * (so the test holds the device side's token too) and answers by the stream name's prefix: {@code
 * accept-*} accepts, {@code reject-*} rejects with {@link #REJECT_REASON}, anything else is never
 * answered.
 */
final class FakeDevice implements AutoCloseable {
  static final String REJECT_REASON = "rejected by the test device: maintenance window";

  private final WebSocket webSocket;
  private final Map<String, CompletableFuture<StreamRequest>> requests;

  private FakeDevice(WebSocket webSocket, Map<String, CompletableFuture<StreamRequest>> requests) {
    this.webSocket = webSocket;
    this.requests = requests;
  }

  /** Opens the control channel of {@code deviceId} with a token signed by its {@code key}. */
  static FakeDevice connect(HubProcess hub, String deviceId, String key) throws Exception {
    String token =
        ConnectionString.forDevice(hub.hostPort(), deviceId, key)
            .createToken(Duration.ofHours(1), Clock.systemUTC());
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(HubTls.sslContext(hub.trustCert()))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    Map<String, CompletableFuture<StreamRequest>> requests = new ConcurrentHashMap<>();
    WebSocket ws =
        client
            .newWebSocketBuilder()
            .header("Authorization", token)
            .buildAsync(
                URI.create("wss://" + hub.hostPort() + "/devices/" + deviceId + "/streams"),
                new Listener(requests))
            .get(30, TimeUnit.SECONDS);
    return new FakeDevice(ws, requests);
  }

  /** The stream request the hub sent for stream {@code streamId}, waiting for it if need be. */
  StreamRequest request(String streamId) {
    try {
      return future(requests, streamId).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("the device never got a request for stream " + streamId, e);
    }
  }

  @Override
  public void close() {
    try {
      webSocket.sendClose(1000, "test over").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      webSocket.abort();
    }
    webSocket.abort();
  }

  static String streamIdOf(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  private static CompletableFuture<StreamRequest> future(
      Map<String, CompletableFuture<StreamRequest>> requests, String streamId) {
    return requests.computeIfAbsent(streamId, k -> new CompletableFuture<>());
  }

  /** Collects text messages and answers stream requests, one message at a time. */
  private static final class Listener implements WebSocket.Listener {
    private final Map<String, CompletableFuture<StreamRequest>> requests;
    private final StringBuilder text = new StringBuilder();

    Listener(Map<String, CompletableFuture<StreamRequest>> requests) {
      this.requests = requests;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (!last) {
        ws.request(1);
        return null;
      }
      String json = text.toString();
      text.setLength(0);
      ControlMessage message = ControlMessages.decode(json);
      if (message instanceof StreamRequest request) {
        future(requests, streamIdOf(request.url())).complete(request);
        StreamResponse answer = answerFor(request);
        if (answer != null) {
          // One send at a time: the next message is requested only once this one is out.
          return ws.sendText(ControlMessages.encode(answer), true).thenRun(() -> ws.request(1));
        }
      }
      ws.request(1);
      return null;
    }

    private static StreamResponse answerFor(StreamRequest request) {
      if (request.name().startsWith("accept-")) {
        return new StreamResponse(request.requestId(), true, null);
      }
      if (request.name().startsWith("reject-")) {
        return new StreamResponse(request.requestId(), false, REJECT_REASON);
      }
      return null;
    }
  }
}
