package io.devstreams.protocol.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.tunnel.TestWebSocketServer.Frame;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamChannelTest {

  private static final String TOKEN = "test-token-0123456789";
  private static final int MIB = 1024 * 1024;
  private static final Heartbeat FAST_HEARTBEAT = Heartbeat.of(Duration.ofSeconds(1));

  private final ExecutorService executor =
      Executors.newCachedThreadPool(new DaemonThreadFactory("test-http"));
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
  private TestWebSocketServer server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
    executor.shutdownNow();
  }

  @Test
  void eightMebibytesOfRandomBytesComeBackIdentical() throws Exception {
    server = TestWebSocketServer.start(TestWebSocketServer.echo());
    byte[] data = random(8 * MIB);

    try (SocketPair pair = SocketPair.open()) {
      CompletableFuture<StreamResult> result = open().bridge(pair.bridged());
      writeThenShutdown(pair.app(), data);
      byte[] echoed = pair.app().getInputStream().readAllBytes();

      assertThat(echoed).isEqualTo(data);
      StreamResult ended = result.get(10, TimeUnit.SECONDS);
      assertThat(ended.isNormal()).as(ended.describe()).isTrue();
      assertThat(ended.bytesSent()).isEqualTo(data.length);
      assertThat(ended.bytesReceived()).isEqualTo(data.length);
    }
    assertThat(server.nextConnection().largestFrame()).isLessThanOrEqualTo(64 * 1024);
    assertThat(server.failure()).isNull();
  }

  @Test
  void localEndOfInputSendsFinAfterTheLastByteAndTheRemoteFinEndsLocalInput() throws Exception {
    CompletableFuture<Long> bytesBeforeFin = new CompletableFuture<>();
    server =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              long total = 0;
              for (Frame frame = connection.read();
                  frame.opcode() == Frame.BINARY;
                  frame = connection.read()) {
                total += frame.payload().length;
              }
              bytesBeforeFin.complete(total);
              connection.sendBinary("reply after your fin".getBytes(StandardCharsets.UTF_8));
              connection.sendText("{\"type\":\"fin\"}");
              connection.awaitClose();
            });
    byte[] request = random(300_000);

    try (SocketPair pair = SocketPair.open()) {
      CompletableFuture<StreamResult> result = open().bridge(pair.bridged());
      pair.app().getOutputStream().write(request);
      pair.app().shutdownOutput();

      assertThat(bytesBeforeFin.get(10, TimeUnit.SECONDS)).isEqualTo(request.length);
      assertThat(new String(pair.app().getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("reply after your fin");
      assertThat(result.get(10, TimeUnit.SECONDS).isNormal()).isTrue();
    }
  }

  @Test
  void closeWith4005ReachesTheCallerAsAClearReason() throws Exception {
    server =
        TestWebSocketServer.start(
            TestWebSocketServer.closeWith(
                4005, "cannot connect to localhost:22: connection refused"));

    try (SocketPair pair = SocketPair.open()) {
      StreamResult ended = open().bridge(pair.bridged()).get(10, TimeUnit.SECONDS);

      assertThat(ended.closeCode()).isEqualTo(4005);
      assertThat(ended.describe())
          .isEqualTo(
              "closed with 4005 (device could not reach its local target):"
                  + " cannot connect to localhost:22: connection refused");
      assertThat(pair.app().getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void sendsTheTokenAsABearerAuthorizationHeader() throws Exception {
    server = TestWebSocketServer.start(TestWebSocketServer.closeWith(1000, ""));

    StreamChannel channel = open();

    assertThat(server.nextConnection().header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(channel.id()).isEqualTo("s-123");
    channel.close(1000, "");
  }

  @Test
  void refusedHandshakeFailsOpenWithTheHttpStatus() throws Exception {
    server = TestWebSocketServer.start(TestWebSocketServer.refuse(401));

    CompletableFuture<StreamChannel> opening =
        StreamChannel.open(http, server.uri("/streams/s-123"), TOKEN);

    assertThatThrownBy(() -> opening.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot open stream s-123: HTTP 401 from the hub");
  }

  @Test
  void slowLocalReaderHoldsBackTheRemoteSender() throws Exception {
    int total = 128 * MIB;
    AtomicLong pushed = new AtomicLong();
    CountDownLatch allPushed = new CountDownLatch(1);
    server =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              byte[] chunk = new byte[64 * 1024];
              for (long sent = 0; sent < total; sent += chunk.length) {
                connection.sendBinary(chunk);
                pushed.addAndGet(chunk.length);
              }
              allPushed.countDown();
              connection.sendText("{\"type\":\"fin\"}");
              connection.awaitClose();
            });

    try (SocketPair pair = SocketPair.open()) {
      StreamChannel channel = open();
      channel.bridge(pair.bridged());

      assertThat(allPushed.await(2, TimeUnit.SECONDS)).as("sender held back").isFalse();
      assertThat(pushed.get()).isLessThan(total / 4);
      pair.app().shutdownOutput();
      assertThat(drain(pair.app().getInputStream())).isEqualTo(total);
      assertThat(allPushed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(channel.result().get(10, TimeUnit.SECONDS).isNormal()).isTrue();
    }
  }

  @Test
  void droppedConnectionEndsTheStreamAsConnectionLost() throws Exception {
    server =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              connection.read();
              connection.closeSocket();
            });

    try (SocketPair pair = SocketPair.open()) {
      CompletableFuture<StreamResult> result = open().bridge(pair.bridged());
      pair.app().getOutputStream().write(1);

      StreamResult ended = result.get(10, TimeUnit.SECONDS);
      assertThat(ended.closeCode()).isEqualTo(StreamResult.ABNORMAL_CLOSURE);
      assertThat(ended.describe()).startsWith("connection lost");
      assertThat(pair.app().getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void resetLocalConnectionClosesTheStreamWith1001AndTheReason() throws Exception {
    CompletableFuture<Frame> close = new CompletableFuture<>();
    server =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              close.complete(connection.awaitClose());
            });

    try (SocketPair pair = SocketPair.open()) {
      CompletableFuture<StreamResult> result = open().bridge(pair.bridged());
      pair.app().setSoLinger(true, 0);
      pair.app().close();

      Frame received = close.get(10, TimeUnit.SECONDS);
      assertThat(received.closeCode()).isEqualTo(1001);
      assertThat(received.closeReason()).isEqualTo("local connection failed: connection reset");
      assertThat(result.get(10, TimeUnit.SECONDS).error()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void unknownControlMessagesAreIgnored() throws Exception {
    server =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              connection.sendText("{\"type\":\"fromTheFuture\"}");
              connection.sendBinary("data".getBytes(StandardCharsets.UTF_8));
              connection.sendText("{\"type\":\"fin\"}");
              connection.awaitClose();
            });

    try (SocketPair pair = SocketPair.open()) {
      open().bridge(pair.bridged());
      pair.app().shutdownOutput();

      assertThat(pair.app().getInputStream().readAllBytes()).asString().isEqualTo("data");
    }
  }

  @Test
  void stdioBridgeShutsDownOutputOnlyAfterEveryByteWasWritten() throws Exception {
    server = TestWebSocketServer.start(TestWebSocketServer.echo());
    byte[] data = random(MIB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Integer> writtenAtShutdown = new CompletableFuture<>();

    StreamResult ended =
        open()
            .bridge(
                new ByteArrayInputStream(data), out, () -> writtenAtShutdown.complete(out.size()))
            .get(10, TimeUnit.SECONDS);

    assertThat(writtenAtShutdown.get(10, TimeUnit.SECONDS)).isEqualTo(data.length);
    assertThat(out.toByteArray()).isEqualTo(data);
    assertThat(ended.isNormal()).isTrue();
  }

  @Test
  void bridgingTwiceIsRefused() throws Exception {
    server = TestWebSocketServer.start(TestWebSocketServer.echo());
    StreamChannel channel = open();
    channel.bridge(InputStream.nullInputStream(), OutputStream.nullOutputStream(), () -> {});

    assertThatThrownBy(
            () ->
                channel.bridge(
                    InputStream.nullInputStream(), OutputStream.nullOutputStream(), () -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stream s-123 is already bridged");
  }

  @Test
  void closeCodesAClientMayNotSendAreRefused() throws Exception {
    server = TestWebSocketServer.start(TestWebSocketServer.echo());
    StreamChannel channel = open();

    assertThatThrownBy(() -> channel.close(1006, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a client cannot close a stream with code 1006");
  }

  @Test
  void silentHubEndsTheStreamAfterTheHeartbeatTimeoutAndWasPingedFirst() throws Exception {
    BlockingQueue<Integer> opcodes = new LinkedBlockingQueue<>();
    server =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              while (true) {
                opcodes.add(connection.read().opcode()); // never answers, as a stopped hub
              }
            });

    try (SocketPair pair = SocketPair.open()) {
      long start = System.nanoTime();
      StreamResult ended =
          openWith(FAST_HEARTBEAT).bridge(pair.bridged()).get(20, TimeUnit.SECONDS);
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

      assertThat(ended.closeCode()).isEqualTo(StreamResult.ABNORMAL_CLOSURE);
      assertThat(ended.describe()).contains("no answer from the hub for 3 s");
      assertThat(seconds).isBetween(3L, 10L);
      assertThat(opcodes).contains(Frame.PING);
      assertThat(pair.app().getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void idleStreamWhoseHubAnswersPingsOutlivesTheTimeout() throws Exception {
    BlockingQueue<Integer> pings = new LinkedBlockingQueue<>();
    server =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              while (true) {
                Frame frame = connection.read();
                if (frame.opcode() == Frame.PING) {
                  pings.add(frame.opcode());
                  connection.send(Frame.PONG, frame.payload());
                }
              }
            });

    try (SocketPair pair = SocketPair.open()) {
      CompletableFuture<StreamResult> result = openWith(FAST_HEARTBEAT).bridge(pair.bridged());
      for (int i = 0; i < 4; i++) { // four pings answered: well past the 3 s timeout
        assertThat(pings.poll(10, TimeUnit.SECONDS)).as("ping " + (i + 1)).isNotNull();
      }

      assertThat(result).isNotDone();
    }
  }

  private StreamChannel openWith(Heartbeat heartbeat) throws Exception {
    return StreamChannel.open(
            http,
            server.uri("/streams/s-123"),
            TOKEN,
            StreamChannel.DEFAULT_HANDSHAKE_TIMEOUT,
            heartbeat)
        .get(10, TimeUnit.SECONDS);
  }

  private StreamChannel open() throws Exception {
    return StreamChannel.open(http, server.uri("/streams/s-123"), TOKEN).get(10, TimeUnit.SECONDS);
  }

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(42).nextBytes(data);
    return data;
  }

  private static void writeThenShutdown(Socket socket, byte[] data) {
    Thread writer =
        new Thread(
            () -> {
              try {
                socket.getOutputStream().write(data);
                socket.shutdownOutput();
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            },
            "test-app-writer");
    writer.setDaemon(true);
    writer.start();
  }

  private static long drain(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      total += n;
    }
    return total;
  }
}
