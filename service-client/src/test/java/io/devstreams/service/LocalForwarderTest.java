package io.devstreams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.tunnel.StreamResult;
import io.devstreams.protocol.tunnel.TestWebSocketServer;
import io.devstreams.protocol.tunnel.TestWebSocketServer.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalForwarderTest {

  private static final InetSocketAddress ANY_PORT =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  private static final StreamTarget TARGET =
      new StreamTarget("dev1", "echo", StreamTimeouts.HUB_DEFAULTS);

  @TempDir static Path dir;
  private static TestCertificates certificates;
  private static TestHub hub;
  private final BlockingQueue<Frame> closesReceived = new LinkedBlockingQueue<>();
  private final Recorder events = new Recorder();
  private TestWebSocketServer streaming;
  private ServiceClient client;
  private LocalForwarder forwarder;

  @BeforeAll
  static void startHub() throws Exception {
    certificates = TestCertificates.create(dir, "hub");
    hub = TestHub.start(certificates);
  }

  @AfterAll
  static void stopHub() {
    hub.close();
  }

  @BeforeEach
  void start() throws Exception {
    while (!hub.noMoreRequests()) {
      hub.take();
    }
    streaming = TestWebSocketServer.start(this::echoRecordingClose);
    ClientOptions options = ClientOptions.defaults().withTrustCertificate(certificates.pem());
    client = new ServiceClient(HubConnection.open(hub.ownerConnectionString(), options));
    forwarder = LocalForwarder.start(client, TARGET, ANY_PORT, events);
  }

  @AfterEach
  void stop() throws IOException {
    forwarder.close();
    streaming.close();
  }

  /** Echoes data and fin like the protocol's echo, and records the close frame it receives. */
  private void echoRecordingClose(TestWebSocketServer.Connection connection) throws IOException {
    connection.upgrade();
    while (true) {
      Frame frame = connection.read();
      if (frame.opcode() == Frame.CLOSE) {
        closesReceived.add(frame);
        connection.answerClose(frame);
        return;
      }
      if (frame.opcode() == Frame.BINARY) {
        connection.sendBinary(frame.payload());
      } else if (frame.opcode() == Frame.TEXT) {
        connection.sendText(frame.text());
      }
    }
  }

  private Socket connect() throws IOException {
    return new Socket(InetAddress.getLoopbackAddress(), forwarder.localAddress().getPort());
  }

  @Test
  void bytesOfALocalConnectionTravelOnItsStream() throws Exception {
    hub.replyAccepted(streaming.uri("/streams/s1").toString(), "token-1");

    try (Socket socket = connect()) {
      socket.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
      socket.shutdownOutput();

      assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("hello");
    }
    assertThat(events.next()).isEqualTo("opened #1 s1");
    assertThat(events.next()).isEqualTo("closed #1 5/5 closed normally");
    assertThat(hub.take().path()).isEqualTo("/twins/dev1/streams/echo");
  }

  @Test
  void rejectedStreamClosesOnlyThatConnectionAndTheForwarderGoesOn() throws Exception {
    hub.replyRejected("no service named 'echo' on this device");
    hub.replyAccepted(streaming.uri("/streams/s2").toString(), "token-2");

    try (Socket refused = connect()) {
      assertThat(refused.getInputStream().read()).as("closed without a byte").isEqualTo(-1);
    }
    assertThat(events.next())
        .isEqualTo(
            "failed #1 device dev1 rejected the stream: no service named 'echo' on this device");
    try (Socket next = connect()) {
      next.getOutputStream().write(42);
      assertThat(next.getInputStream().read()).isEqualTo(42);
    }
    assertThat(events.next()).isEqualTo("opened #2 s2");
  }

  @Test
  void offlineDeviceClosesThatConnectionWithTheHubsReason() throws Exception {
    hub.replyProblem(404, 404103, "device 'dev1' did not come online within 0 s");

    try (Socket refused = connect()) {
      assertThat(refused.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(events.next()).isEqualTo("failed #1 device 'dev1' did not come online within 0 s");
  }

  @Test
  void portInUseFailsToStart() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress same =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());

      assertThatThrownBy(() -> LocalForwarder.start(client, TARGET, same, events))
          .isInstanceOf(BindException.class);
    }
  }

  @Test
  void closeEndsOpenStreamsWith1001AndStopsListening() throws Exception {
    hub.replyAccepted(streaming.uri("/streams/s3").toString(), "token-3");
    try (Socket socket = connect()) {
      socket.getOutputStream().write(7);
      assertThat(socket.getInputStream().read()).isEqualTo(7);
      assertThat(events.next()).isEqualTo("opened #1 s3");

      forwarder.close();

      Frame close = closesReceived.poll(10, TimeUnit.SECONDS);
      assertThat(close).as("the streaming endpoint saw a close").isNotNull();
      assertThat(close.closeCode()).isEqualTo(1001);
      assertThat(close.closeReason()).isEqualTo(LocalForwarder.STOPPING);
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
    forwarder.stopped().get(10, TimeUnit.SECONDS);
    assertThat(events.next()).startsWith("closed #1 1/1 closed with 1001 (going away)");
    assertThat(forwarder.connections()).isZero();
    assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
  }

  @Test
  void aDeadStreamingEndpointFailsOnlyThatConnection() throws Exception {
    int deadPort;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = gone.getLocalPort();
    }
    hub.replyAccepted("ws://127.0.0.1:" + deadPort + "/streams/s4", "token-4");

    try (Socket refused = connect()) {
      InputStream in = refused.getInputStream();
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThat(events.next()).startsWith("failed #1 cannot open stream s4: connection refused");
  }

  /** Records the listener's events as lines on a queue. */
  private static final class Recorder implements LocalForwarder.Listener {
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    String next() throws InterruptedException {
      String line = lines.poll(10, TimeUnit.SECONDS);
      assertThat(line).as("a forwarder event within 10 s").isNotNull();
      return line;
    }

    @Override
    public void opened(
        LocalForwarder.Connection connection, io.devstreams.protocol.tunnel.TunnelStream channel) {
      lines.add("opened #" + connection.number() + " " + channel.id());
    }

    @Override
    public void closed(
        LocalForwarder.Connection connection, StreamResult result, Duration duration) {
      lines.add(
          "closed #"
              + connection.number()
              + " "
              + result.bytesSent()
              + "/"
              + result.bytesReceived()
              + " "
              + result.describe());
    }

    @Override
    public void failed(LocalForwarder.Connection connection, RuntimeException failure) {
      lines.add("failed #" + connection.number() + " " + failure.getMessage());
    }
  }
}
