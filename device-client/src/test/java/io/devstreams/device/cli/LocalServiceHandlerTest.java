package io.devstreams.device.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.device.StreamDecision;
import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.tunnel.DaemonThreadFactory;
import io.devstreams.protocol.tunnel.StreamChannel;
import io.devstreams.protocol.tunnel.TestWebSocketServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalServiceHandlerTest {

  private final ServerSocket service = listen();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(new DaemonThreadFactory("test-http"));

  @AfterEach
  void close() throws IOException {
    service.close();
    executor.shutdownNow();
  }

  @Test
  void unknownNameIsRejectedWithAReason() {
    StreamDecision decision =
        handler("ssh=127.0.0.1:" + service.getLocalPort()).decide(request("web"));

    assertThat(decision.accepted()).isFalse();
    assertThat(decision.reason()).isEqualTo("no service named 'web' on this device");
  }

  @Test
  void unreachableServiceIsRejectedWithTheConnectError() throws IOException {
    int closedPort = service.getLocalPort();
    service.close();

    StreamDecision decision = handler("ssh=127.0.0.1:" + closedPort).decide(request("ssh"));

    assertThat(decision.accepted()).isFalse();
    assertThat(decision.reason())
        .isEqualTo("cannot connect to 127.0.0.1:" + closedPort + ": connection refused");
  }

  @Test
  void configuredServiceIsConnectedBeforeAcceptingThenBridged() throws Exception {
    LocalServiceHandler handler = handler("ssh=127.0.0.1:" + service.getLocalPort());

    StreamDecision decision = handler.decide(request("ssh"));

    assertThat(decision.accepted()).isTrue();
    try (Socket target = service.accept();
        TestWebSocketServer hub = TestWebSocketServer.start(TestWebSocketServer.echo())) {
      decision.stream().opened(open(hub));
      target.getOutputStream().write("SSH-2.0-test\r\n".getBytes(StandardCharsets.US_ASCII));
      target.shutdownOutput();

      assertThat(new String(target.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
          .isEqualTo("SSH-2.0-test\r\n");
    }
  }

  @Test
  void failedOpenClosesTheServiceConnection() throws Exception {
    StreamDecision decision =
        handler("ssh=127.0.0.1:" + service.getLocalPort()).decide(request("ssh"));

    try (Socket target = service.accept()) {
      decision.stream().failed(new IOException("HTTP 401 from the hub"));

      assertThat(target.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void shutdownClosesOpenStreams() throws Exception {
    LocalServiceHandler handler = handler("ssh=127.0.0.1:" + service.getLocalPort());
    StreamDecision decision = handler.decide(request("ssh"));
    try (Socket target = service.accept();
        TestWebSocketServer hub = TestWebSocketServer.start(TestWebSocketServer.echo())) {
      StreamChannel channel = open(hub);
      decision.stream().opened(channel);

      handler.closeAll(1001, "agent stopping", Duration.ofSeconds(5));

      assertThat(channel.result().get(10, TimeUnit.SECONDS).describe())
          .isEqualTo("closed with 1001 (going away): agent stopping");
      assertThat(target.getInputStream().read()).isEqualTo(-1);
      assertThat(handler.activeStreams()).isZero();
    }
  }

  private StreamChannel open(TestWebSocketServer hub) throws Exception {
    HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
    return StreamChannel.open(http, hub.uri("/streams/s1"), "token").get(10, TimeUnit.SECONDS);
  }

  private static LocalServiceHandler handler(String... services) {
    return new LocalServiceHandler(ServiceMap.parse(List.of(services)), Duration.ofSeconds(5));
  }

  private static StreamRequest request(String name) {
    return new StreamRequest("r1", name, "wss://hub/streams/s1", "token");
  }

  private static ServerSocket listen() {
    try {
      return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
