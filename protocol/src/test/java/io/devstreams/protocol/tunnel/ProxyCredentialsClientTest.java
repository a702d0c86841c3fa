package io.devstreams.protocol.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.tunnel.TestWebSocketServer.Connection;
import java.io.IOException;
import java.net.http.HttpClient;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy seam end to end, against a real CONNECT proxy and WebSocket server on loopback. Needs
 * {@value HttpProxy#TUNNELING_DISABLED_SCHEMES} empty from JVM start (surefire's argLine), since
 * the JDK reads it once.
 */
class ProxyCredentialsClientTest {

  private static final String CREDENTIALS = "Basic YWxpY2U6czNjcmV0"; // alice:s3cret

  private final ExecutorService executor =
      Executors.newCachedThreadPool(new DaemonThreadFactory("test-http"));
  private TestWebSocketServer hub;
  private TestConnectProxy proxy;

  @AfterEach
  void stop() throws IOException {
    hub.close();
    proxy.close();
    executor.shutdownNow();
  }

  @Test
  void credentialsGoToTheProxyAndTheTokenToTheHubButNeverTheCredentials() throws Exception {
    start(CREDENTIALS);
    HttpClient http = client("http://alice:s3cret@127.0.0.1:" + proxy.port());

    StreamChannel channel = open(http);

    assertThat(proxy.nextRequest())
        .isEqualTo(new TestConnectProxy.Request(hub.hostName(), CREDENTIALS));
    Connection atHub = hub.nextConnection();
    assertThat(atHub.header("Authorization")).isEqualTo("Bearer token");
    assertThat(atHub.header("Proxy-Authorization")).isNull();
    assertThat(http.authenticator()).isEmpty();
    channel.close(1000, "");
  }

  @Test
  void bypassedHostGetsNeitherTheProxyNorItsCredentials() throws Exception {
    start(CREDENTIALS);
    HttpClient http =
        HubEndpoint.of(hub.hostName())
            .withProxy(
                HttpProxy.parse("http://alice:s3cret@127.0.0.1:" + proxy.port())
                    .withNoProxy("127.0.0.1"))
            .newHttpClient(executor);

    StreamChannel channel = open(http);

    assertThat(hub.nextConnection().header("Proxy-Authorization")).isNull();
    assertThat(proxy.sawRequests()).isFalse();
    channel.close(1000, "");
  }

  @Test
  void refusedCredentialsReadAsAProxyRefusal() throws Exception {
    start(CREDENTIALS);
    HttpClient http = client("http://alice:wrong@127.0.0.1:" + proxy.port());

    assertThatThrownBy(() -> open(http))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .hasMessage(
            "cannot open stream s1: HTTP 407 from the proxy (proxy credentials missing or refused)");
  }

  private void start(String requiredAuthorization) throws IOException {
    hub = TestWebSocketServer.start(TestWebSocketServer.closeWith(1000, ""));
    proxy = TestConnectProxy.start(requiredAuthorization);
  }

  private HttpClient client(String proxyUrl) {
    return HubEndpoint.of(hub.hostName())
        .withProxy(HttpProxy.parse(proxyUrl))
        .newHttpClient(executor);
  }

  private StreamChannel open(HttpClient http) throws Exception {
    return StreamChannel.open(http, hub.uri("/streams/s1"), "token").get(10, TimeUnit.SECONDS);
  }
}
