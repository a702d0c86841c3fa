package io.devstreams.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.SasKeys;
import io.devstreams.protocol.SasToken;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTPS server (the JDK's {@link HttpsServer}) standing in for the hub: it records every
 * request and answers each with the next scripted reply, so tests assert on the wire.
 */
public final class TestHub implements AutoCloseable {

  /** A request as the server received it; {@code path} is the raw (still encoded) path. */
  public record Request(
      String method, String path, String query, Map<String, List<String>> headers, String body) {

    /** Returns the first value of a header (case-insensitive), or null. */
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  /** One scripted answer: status, headers as name/value pairs, body. */
  public record Reply(int status, List<String> headers, String body) {}

  private final HttpsServer server;
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final String key = SasKeys.generate();

  private TestHub(HttpsServer server) {
    this.server = server;
  }

  /** Starts a hub on a free loopback port presenting {@code certificates}. */
  public static TestHub start(TestCertificates certificates)
      throws IOException, GeneralSecurityException {
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
    TestHub hub = new TestHub(server);
    server.createContext("/", hub::handle);
    server.start();
    return hub;
  }

  /** Returns {@code 127.0.0.1:PORT}, the HostName of the connection strings. */
  public String hostName() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Returns the owner connection string of this hub (policy iothubowner). */
  public ConnectionString ownerConnectionString() {
    return ConnectionString.forService(hostName(), "iothubowner", key);
  }

  /** Scripts the next answer. */
  public void reply(int status, String body, String... headerPairs) {
    replies.add(new Reply(status, List.of(headerPairs), body));
  }

  /** Scripts a JSON answer. */
  public void replyJson(int status, String json, String... headerPairs) {
    List<String> headers = new ArrayList<>(List.of("Content-Type", "application/json"));
    headers.addAll(List.of(headerPairs));
    replies.add(new Reply(status, headers, json));
  }

  /** Scripts a problem+json error answer as the hub sends it. */
  public void replyProblem(int status, int errorCode, String detail) {
    String body =
        "{\"type\":\"about:blank\",\"title\":\"Error\",\"status\":"
            + status
            + ",\"detail\":\""
            + detail
            + "\",\"errorCode\":"
            + errorCode
            + "}";
    replies.add(
        new Reply(
            status,
            List.of("Content-Type", "application/problem+json", "iothub-errorcode", "" + errorCode),
            body));
  }

  /** Scripts a stream request the device accepted, as the hub answers it. */
  public void replyAccepted(String url, String token) {
    replyJson(
        200,
        "{\"isAccepted\":true,\"url\":\"" + url + "\",\"reason\":null}",
        "iothub-streaming-is-accepted",
        "True",
        "iothub-streaming-url",
        url,
        "iothub-streaming-auth-token",
        token);
  }

  /** Scripts a stream request the device rejected with {@code reason}. */
  public void replyRejected(String reason) {
    replyJson(
        200,
        "{\"isAccepted\":false,\"url\":null,\"reason\":\"" + reason + "\"}",
        "iothub-streaming-is-accepted",
        "False");
  }

  /** Returns the next request received, waiting at most 10 s. */
  public Request take() throws InterruptedException {
    Request request = requests.poll(10, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the test hub").isNotNull();
    return request;
  }

  /** Returns whether no request is waiting to be taken. */
  public boolean noMoreRequests() {
    return requests.isEmpty();
  }

  /** Asserts that the request carries a valid iothubowner SAS token for this hub. */
  public void assertAuthorized(Request request) {
    SasToken token = SasToken.parse(request.header("Authorization"));
    assertThat(token.signatureMatches(SasKeys.decode(key))).as("signature").isTrue();
    assertThat(token.isForResource(hostName())).as("resource %s", token.resource()).isTrue();
    assertThat(token.keyName()).isEqualTo("iothubowner");
    assertThat(token.isExpired(Instant.now())).isFalse();
    assertThat(token.expiry())
        .isLessThanOrEqualTo(Instant.now().plusSeconds(3600).getEpochSecond());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              Map.copyOf(exchange.getRequestHeaders()),
              body));
      Reply reply = replies.poll();
      if (reply == null) {
        reply = new Reply(599, List.of(), "no scripted reply");
      }
      for (int i = 0; i + 1 < reply.headers().size(); i += 2) {
        exchange.getResponseHeaders().add(reply.headers().get(i), reply.headers().get(i + 1));
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        exchange.getResponseBody().write(bytes);
      }
    }
  }
}
