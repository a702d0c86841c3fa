package io.devstreams.protocol.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionFailuresTest {

  @TempDir Path dir;

  @Test
  void closedPortReadsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    HttpClient http = HubEndpoint.of("127.0.0.1:" + port).newHttpClient(Runnable::run);

    Throwable failure = failureOf(http, URI.create("ws://127.0.0.1:" + port + "/streams/s"));

    assertThat(ConnectionFailures.describe(failure)).isEqualTo("connection refused");
  }

  @Test
  void untrustedCertificateSaysSo() throws Exception {
    TestCertificates certificates = TestCertificates.create(dir);
    try (TestWebSocketServer server =
        TestWebSocketServer.startTls(
            certificates.serverContext().getServerSocketFactory(), TestWebSocketServer.echo())) {
      HttpClient http = HubEndpoint.of(server.hostName()).newHttpClient(Runnable::run);

      Throwable failure = failureOf(http, server.uri("/streams/s"));

      assertThat(ConnectionFailures.describe(failure))
          .isEqualTo("the hub's TLS certificate is not trusted");
    }
  }

  @Test
  void trustedCertificateConnects() throws Exception {
    TestCertificates certificates = TestCertificates.create(dir);
    try (TestWebSocketServer server =
        TestWebSocketServer.startTls(
            certificates.serverContext().getServerSocketFactory(),
            TestWebSocketServer.closeWith(1000, ""))) {
      HttpClient http =
          HubEndpoint.of(server.hostName())
              .withSslContext(HubTls.sslContext(certificates.pem()))
              .newHttpClient(Runnable::run);

      StreamChannel channel =
          StreamChannel.open(http, server.uri("/streams/s"), "t").get(10, TimeUnit.SECONDS);

      assertThat(channel.id()).isEqualTo("s");
      channel.close(1000, "");
    }
  }

  @Test
  void proxyRefusingTheTunnelIsNamedWithItsStatus() throws Exception {
    assertThat(describeProxyAnswer(401))
        .isEqualTo("HTTP 401 from the proxy (proxy credentials missing or refused)");
    assertThat(describeProxyAnswer(407))
        .isEqualTo("HTTP 407 from the proxy (proxy credentials missing or refused)");
    assertThat(describeProxyAnswer(403)).startsWith("HTTP 403 from the proxy (it does not allow");
    assertThat(describeProxyAnswer(502)).isEqualTo("the proxy refused the tunnel with HTTP 502");
  }

  /** Answers one CONNECT with {@code status} from a real socket and describes the failure. */
  private static String describeProxyAnswer(int status) throws Exception {
    try (ServerSocket proxy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread answer =
          new Thread(
              () -> {
                try (java.net.Socket s = proxy.accept()) {
                  java.io.BufferedReader in =
                      new java.io.BufferedReader(
                          new java.io.InputStreamReader(
                              s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                  for (String line = in.readLine(); line != null && !line.isEmpty(); ) {
                    line = in.readLine();
                  }
                  s.getOutputStream()
                      .write(
                          ("HTTP/1.1 " + status + " No\r\nContent-Length: 0\r\n\r\n")
                              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                  s.getOutputStream().flush();
                  in.read(); // until the client hangs up
                } catch (IOException e) {
                  // the client went away first: the assertion below tells
                }
              });
      answer.start();
      HttpClient http =
          HubEndpoint.of("hub.example:443")
              .withProxy(HttpProxy.parse("http://127.0.0.1:" + proxy.getLocalPort()))
              .newHttpClient(Runnable::run);
      String described =
          ConnectionFailures.describe(failureOf(http, URI.create("wss://hub.example/streams/s")));
      answer.join(10_000);
      return described;
    }
  }

  @Test
  void wrappersAreUnwrapped() {
    IOException cause = new IOException("Broken pipe");

    assertThat(ConnectionFailures.unwrap(new CompletionException(cause))).isSameAs(cause);
    assertThat(ConnectionFailures.describe(new CompletionException(cause)))
        .isEqualTo("broken pipe");
  }

  private static Throwable failureOf(HttpClient http, URI uri) throws InterruptedException {
    try {
      StreamChannel.open(http, uri, "token").get(10, TimeUnit.SECONDS);
      throw new AssertionError("connected to " + uri);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause().getCause();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer from " + uri, e);
    }
  }
}
