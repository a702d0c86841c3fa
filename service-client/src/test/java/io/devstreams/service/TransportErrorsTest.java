package io.devstreams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.SasKeys;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransportErrorsTest {

  @Test
  void hubThatNeverAnswersTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
      ConnectionString credentials =
          ConnectionString.forService(
              "127.0.0.1:" + silent.getLocalPort(), "iothubowner", SasKeys.generate());
      ClientOptions options =
          ClientOptions.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300));
      RegistryClient client = new RegistryClient(HubConnection.open(credentials, options));

      assertThatThrownBy(client::list)
          .isInstanceOfSatisfying(
              HubConnectionException.class,
              e -> assertThat(e.reason()).isEqualTo(HubConnectionException.Reason.TIMEOUT))
          .hasMessageContaining("127.0.0.1:" + silent.getLocalPort());
    }
  }

  @Test
  void plainTcpServerIsATlsFailure() throws Exception {
    try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
      Thread server =
          new Thread(
              () -> {
                try (Socket socket = plain.accept()) {
                  // Answer the ClientHello in plain HTTP, then wait for the client to hang up:
                  // closing with its hello unread would reset the connection instead, and the
                  // client would meet a reset rather than a plain-text answer.
                  socket.getInputStream().read(new byte[5]);
                  socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                  socket.shutdownOutput();
                  socket.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException ignored) {
                  // the client gave up first; the test asserts on the client
                }
              });
      server.start();
      ConnectionString credentials =
          ConnectionString.forService(
              "127.0.0.1:" + plain.getLocalPort(), "iothubowner", SasKeys.generate());
      RegistryClient client =
          new RegistryClient(HubConnection.open(credentials, ClientOptions.defaults()));

      assertThatThrownBy(client::list)
          .isInstanceOfSatisfying(
              HubConnectionException.class,
              e -> assertThat(e.reason()).isEqualTo(HubConnectionException.Reason.TLS_FAILURE))
          .hasMessageStartingWith(
              "TLS with the hub at https://127.0.0.1:" + plain.getLocalPort() + " failed: ");
      server.join(10_000);
    }
  }

  @Test
  void unknownHostIsUnreachable() {
    ConnectionString credentials =
        ConnectionString.forService("no-such-host.invalid", "iothubowner", SasKeys.generate());
    RegistryClient client =
        new RegistryClient(HubConnection.open(credentials, ClientOptions.defaults()));

    assertThatThrownBy(client::list)
        .isInstanceOf(HubConnectionException.class)
        .hasMessage("cannot reach hub at https://no-such-host.invalid: unknown host");
  }
}
