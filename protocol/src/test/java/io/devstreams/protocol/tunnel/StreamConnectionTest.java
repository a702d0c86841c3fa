package io.devstreams.protocol.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.tunnel.TestWebSocketServer.Frame;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamConnectionTest {

  private static final String TOKEN = "test-token-0123456789";
  private static final int MIB = 1024 * 1024;
  private static final int FRAME = 64 * 1024;
  private static final String FIN = "{\"type\":\"fin\"}";
  private static final String UNREACHABLE =
      "stream s-123: closed with 4005 (device could not reach its local target):"
          + " cannot connect to localhost:22: connection refused";

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
  void eightMebibytesWrittenToOutputComeBackIdenticalThroughInput() throws Exception {
    server = TestWebSocketServer.start(TestWebSocketServer.echo());
    byte[] data = random(8 * MIB);

    try (StreamConnection connection = connect()) {
      CompletableFuture<Void> writer =
          inBackground(
              () -> {
                connection.output().write(data);
                connection.output().close();
              });
      byte[] echoed = connection.input().readAllBytes();

      assertThat(echoed).isEqualTo(data);
      writer.get(10, TimeUnit.SECONDS);
      StreamResult ended = connection.result().get(10, TimeUnit.SECONDS);
      assertThat(ended.isNormal()).as(ended.describe()).isTrue();
      assertThat(ended.bytesSent()).isEqualTo(data.length);
      assertThat(ended.bytesReceived()).isEqualTo(data.length);
    }
    assertThat(server.nextConnection().largestFrame()).isEqualTo(FRAME);
    assertThat(server.failure()).isNull();
  }

  @Test
  void closingOutputSendsFinAndInputStillReceivesTheWholeReply() throws Exception {
    byte[] reply = random(300_000);
    CompletableFuture<Long> bytesBeforeFin = new CompletableFuture<>();
    server =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              bytesBeforeFin.complete(countUntilFin(connection));
              for (int from = 0; from < reply.length; from += FRAME) {
                connection.sendBinary(
                    Arrays.copyOfRange(reply, from, Math.min(reply.length, from + FRAME)));
              }
              connection.sendText(FIN);
              connection.awaitClose();
            });
    byte[] request = random(100_000);

    try (StreamConnection connection = connect()) {
      connection.output().write(request);
      connection.output().close();

      assertThat(bytesBeforeFin.get(10, TimeUnit.SECONDS)).isEqualTo(request.length);
      assertThat(connection.input().readAllBytes()).isEqualTo(reply);
      assertThat(connection.input().read()).isEqualTo(-1);
      assertThat(connection.result().get(10, TimeUnit.SECONDS).isNormal()).isTrue();
    }
  }

  @Test
  void abnormalCloseMakesReadThrowWithTheCodeAndReason() throws Exception {
    server =
        TestWebSocketServer.start(
            TestWebSocketServer.closeWith(
                4005, "cannot connect to localhost:22: connection refused"));

    try (StreamConnection connection = connect()) {
      InputStream input = connection.input();

      assertThatThrownBy(input::read).isInstanceOf(IOException.class).hasMessage(UNREACHABLE);
      assertThat(connection.result().get(10, TimeUnit.SECONDS).closeCode()).isEqualTo(4005);
    }
  }

  @Test
  void writeAfterAnAbnormalCloseThrowsWithTheCodeAndReason() throws Exception {
    server =
        TestWebSocketServer.start(
            TestWebSocketServer.closeWith(
                4005, "cannot connect to localhost:22: connection refused"));

    try (StreamConnection connection = connect()) {
      connection.result().get(10, TimeUnit.SECONDS);

      assertThatThrownBy(() -> connection.output().write(new byte[10]))
          .isInstanceOf(IOException.class)
          .hasMessage(UNREACHABLE);
    }
  }

  @Test
  void slowApplicationReaderHoldsBackTheRemoteSender() throws Exception {
    int total = 128 * MIB;
    AtomicLong pushed = new AtomicLong();
    CountDownLatch allPushed = new CountDownLatch(1);
    server =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              byte[] chunk = new byte[FRAME];
              for (long sent = 0; sent < total; sent += chunk.length) {
                connection.sendBinary(chunk);
                pushed.addAndGet(chunk.length);
              }
              allPushed.countDown();
              connection.sendText(FIN);
              connection.awaitClose();
            });

    try (StreamConnection connection = connect()) {
      assertThat(allPushed.await(2, TimeUnit.SECONDS)).as("sender held back").isFalse();
      assertThat(pushed.get()).isLessThan(total / 4);
      connection.output().close();
      long inFlight = 0;
      byte[] buffer = new byte[MIB];
      long read = 0;
      for (int n = connection.input().read(buffer); n >= 0; n = connection.input().read(buffer)) {
        read += n;
        inFlight = Math.max(inFlight, pushed.get() - read);
      }

      assertThat(read).isEqualTo(total);
      assertThat(inFlight).as("bytes pushed but not yet read").isLessThan(total / 4);
      assertThat(allPushed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(connection.result().get(10, TimeUnit.SECONDS).isNormal()).isTrue();
    }
  }

  @Test
  void unsentFrameHoldsBackTheNextWrite() throws Exception {
    int total = 128 * MIB;
    CountDownLatch hubReads = new CountDownLatch(1);
    CompletableFuture<Long> received = new CompletableFuture<>();
    server =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              awaitQuietly(hubReads);
              received.complete(countUntilFin(connection));
              connection.sendText(FIN);
              connection.awaitClose();
            });
    AtomicLong written = new AtomicLong();

    try (StreamConnection connection = connect()) {
      CompletableFuture<Void> writer =
          inBackground(
              () -> {
                byte[] chunk = new byte[FRAME];
                while (written.get() < total) {
                  connection.output().write(chunk);
                  written.addAndGet(chunk.length);
                }
                connection.output().close();
              });

      assertThatThrownBy(() -> writer.get(2, TimeUnit.SECONDS))
          .as("writer held back")
          .isInstanceOf(TimeoutException.class);
      assertThat(written.get()).isLessThan(total / 4);
      hubReads.countDown();
      writer.get(10, TimeUnit.SECONDS);
      assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(total);
      assertThat(connection.input().read()).isEqualTo(-1);
    }
  }

  @Test
  void closingTheConnectionSends1000AndEndsBothDirections() throws Exception {
    CompletableFuture<Frame> close = new CompletableFuture<>();
    server =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              close.complete(connection.awaitClose());
            });
    StreamConnection connection = connect();

    connection.close();

    assertThat(close.get(10, TimeUnit.SECONDS).closeCode()).isEqualTo(1000);
    assertThat(connection.input().read()).isEqualTo(-1);
    assertThatThrownBy(() -> connection.output().write(1))
        .isInstanceOf(IOException.class)
        .hasMessage("stream s-123: closed normally");
    assertThat(connection.result().get(10, TimeUnit.SECONDS).isNormal()).isTrue();
  }

  @Test
  void closingTheConnectionFailsAWriteInProgressAndSends1000() throws Exception {
    CompletableFuture<Frame> close = new CompletableFuture<>();
    server =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              close.complete(connection.awaitClose());
            });
    StreamConnection connection = connect();
    CountDownLatch writing = new CountDownLatch(1);
    CompletableFuture<Void> writer =
        inBackground(
            () -> {
              byte[] chunk = new byte[FRAME];
              while (true) {
                connection.output().write(chunk);
                writing.countDown();
              }
            });
    assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

    connection.close();

    assertThat(close.get(10, TimeUnit.SECONDS).closeCode()).isEqualTo(1000);
    assertThat(writer)
        .failsWithin(10, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(IOException.class);
  }

  @Test
  void closedInputDiscardsLaterBytesSoThePeerIsNotHeldBack() throws Exception {
    server =
        TestWebSocketServer.start(
            connection -> {
              connection.upgrade();
              byte[] chunk = new byte[FRAME];
              for (int sent = 0; sent < 16 * MIB; sent += chunk.length) {
                connection.sendBinary(chunk);
              }
              connection.sendText(FIN);
              connection.awaitClose();
            });

    try (StreamConnection connection = connect()) {
      connection.input().close();
      connection.output().close();

      StreamResult result = connection.result().get(10, TimeUnit.SECONDS);
      assertThat(result.isNormal()).as(result.describe()).isTrue();
      assertThatThrownBy(connection.input()::read)
          .isInstanceOf(IOException.class)
          .hasMessage("stream s-123: input is closed");
    }
  }

  @Test
  void connectingABridgedChannelIsRefused() throws Exception {
    server = TestWebSocketServer.start(TestWebSocketServer.echo());
    StreamChannel channel = open();
    channel.bridge(InputStream.nullInputStream(), OutputStream.nullOutputStream(), () -> {});

    assertThatThrownBy(channel::connect)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stream s-123 is already bridged");
  }

  private StreamChannel open() throws Exception {
    return StreamChannel.open(http, server.uri("/streams/s-123"), TOKEN).get(10, TimeUnit.SECONDS);
  }

  private StreamConnection connect() throws Exception {
    return open().connect();
  }

  private static long countUntilFin(TestWebSocketServer.Connection connection) throws IOException {
    long total = 0;
    for (Frame frame = connection.read();
        frame.opcode() == Frame.BINARY;
        frame = connection.read()) {
      total += frame.payload().length;
    }
    return total;
  }

  private static void awaitQuietly(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IOException("test did not release the hub");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(42).nextBytes(data);
    return data;
  }

  private static CompletableFuture<Void> inBackground(IoTask task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    DaemonThreadFactory.named(
            "test-app",
            () -> {
              try {
                task.run();
                done.complete(null);
              } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
              }
            })
        .start();
    return done;
  }

  /** A blocking step of the test's application. */
  @FunctionalInterface
  private interface IoTask {
    void run() throws IOException;
  }
}
