package io.devstreams.protocol.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.tunnel.ConnectionFailures;
import io.devstreams.protocol.tunnel.HttpProxy;
import io.devstreams.protocol.tunnel.HubEndpoint;
import io.devstreams.protocol.tunnel.HubTls;
import io.devstreams.protocol.tunnel.TestCertificates;
import io.devstreams.protocol.tunnel.TestConnectProxy;
import io.devstreams.protocol.tunnel.TestWebSocketServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clients' own opening handshake, over real TLS, against a test server and a CONNECT proxy. */
class WebSocketConnectorTest {

  @TempDir static Path dir;
  private static TestCertificates certificates;

  @BeforeAll
  static void certificates() throws Exception {
    certificates = TestCertificates.create(dir);
  }

  @Test
  void aRefusalSaysTheStatusAndHonoursRetryAfter() throws Exception {
    try (TestWebSocketServer server =
        TestWebSocketServer.startTls(
            certificates.serverContext().getServerSocketFactory(),
            c -> c.refuse(429, "Retry-After: 7"))) {
      assertThatThrownBy(() -> connect(endpoint(server)))
          .isInstanceOfSatisfying(
              HandshakeRefusedException.class,
              e -> {
                assertThat(e.status()).isEqualTo(429);
                assertThat(e.retryAfterSeconds()).isEqualTo(7);
                assertThat(ConnectionFailures.retryAfter(e)).contains(Duration.ofSeconds(7));
              })
          .hasMessage("HTTP 429 from the hub (throttled)");
    }
  }

  @Test
  void aHubWhoseCertificateIsNotTrustedIsRefusedInTheTlsHandshake() throws Exception {
    Path other = Files.createDirectories(dir.resolve("other"));
    TestCertificates stranger = TestCertificates.create(other);
    try (TestWebSocketServer server =
        TestWebSocketServer.startTls(
            certificates.serverContext().getServerSocketFactory(), c -> c.upgrade())) {
      HubEndpoint endpoint =
          HubEndpoint.of(server.hostName()).withSslContext(HubTls.sslContext(stranger.pem()));
      assertThatThrownBy(() -> connect(endpoint))
          .satisfies(
              e ->
                  assertThat(ConnectionFailures.describe(e))
                      .isEqualTo("the hub's TLS certificate is not trusted"));
    }
  }

  @Test
  void theUpgradeGoesThroughAConnectProxyWithItsCredentials() throws Exception {
    String basic =
        "Basic " + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
    try (TestWebSocketServer server =
            TestWebSocketServer.startTls(
                certificates.serverContext().getServerSocketFactory(), c -> c.upgrade());
        TestConnectProxy proxy = TestConnectProxy.start(basic)) {
      HubEndpoint endpoint =
          endpoint(server).withProxy(HttpProxy.parse("http://u:p@127.0.0.1:" + proxy.port()));

      try (ClientWebSocket ws = connect(endpoint)) {
        assertThat(ws.socket().isConnected()).isTrue();
      }
      TestConnectProxy.Request request = proxy.nextRequest();
      assertThat(request.target()).isEqualTo(server.hostName());
      assertThat(request.proxyAuthorization()).isEqualTo(basic);
    }
  }

  @Test
  void aProxyThatWantsCredentialsSays407() throws Exception {
    try (TestWebSocketServer server =
            TestWebSocketServer.startTls(
                certificates.serverContext().getServerSocketFactory(), c -> c.upgrade());
        TestConnectProxy proxy = TestConnectProxy.start("Basic c2VjcmV0OnNlY3JldA==")) {
      HubEndpoint endpoint =
          endpoint(server).withProxy(HttpProxy.parse("http://127.0.0.1:" + proxy.port()));

      assertThatThrownBy(() -> connect(endpoint))
          .hasMessage("HTTP 407 from the proxy (proxy credentials missing or refused)");
    }
  }

  private static HubEndpoint endpoint(TestWebSocketServer server) {
    return HubEndpoint.of(server.hostName()).withSslContext(HubTls.sslContext(certificates.pem()));
  }

  private static ClientWebSocket connect(HubEndpoint endpoint) throws Exception {
    return WebSocketConnector.connect(endpoint, "/v2/service", Map.of(), Duration.ofSeconds(10));
  }
}
