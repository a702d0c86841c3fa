package io.devstreams.protocol.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.tunnel.HubEndpoint;
import io.devstreams.protocol.tunnel.HubTls;
import io.devstreams.protocol.tunnel.StreamResult;
import io.devstreams.protocol.tunnel.TestCertificates;
import io.devstreams.protocol.tunnel.TestWebSocketServer;
import io.devstreams.protocol.tunnel.TestWebSocketServer.Connection;
import io.devstreams.protocol.tunnel.TestWebSocketServer.Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client session against a scripted hub over real TLS: what it sends (masked frames, checked by
 * the test server), and how it reacts to the hub's frames, right and wrong.
 */
class MuxSessionTest {

  @TempDir static Path dir;
  private static TestCertificates certificates;
  private final BlockingQueue<Frame> fromClient = new LinkedBlockingQueue<>();
  private TestWebSocketServer hub;
  private MuxSession session;

  @BeforeAll
  static void certificates() throws Exception {
    certificates = TestCertificates.create(dir);
  }

  @AfterEach
  void stop() throws IOException {
    if (session != null) {
      session.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void aStreamOpensWithOneOpenAndOneAcceptAndItsBytesGoBothWays() throws Exception {
    Connection c = connect();
    CompletableFuture<MuxStream> opening =
        openAsync(new OpenRequest("dev1", "ssh", 1 << 20, 0, 30));
    Frame open = nextMux(FrameType.OPEN);
    assertThat(json(open)).contains("\"deviceId\":\"dev1\"").contains("\"name\":\"ssh\"");
    int id = streamId(open);
    assertThat(id % 2).as("client ids are odd").isEqualTo(1);
    c.sendBinary(MuxFrames.frame(FrameType.WINDOW, 0, MuxFrames.window(1 << 20)));
    c.sendBinary(MuxFrames.frame(FrameType.ACCEPT, id, new Acceptance(1 << 20, "s1").toJson()));
    MuxStream stream = opening.get(10, TimeUnit.SECONDS);
    assertThat(stream.id()).isEqualTo("s1");

    stream.output().write("hello".getBytes(StandardCharsets.US_ASCII));
    c.sendBinary(MuxFrames.frame(FrameType.DATA, id, "world".getBytes(StandardCharsets.US_ASCII)));

    Frame data = nextMux(FrameType.DATA);
    assertThat(new String(payload(data), StandardCharsets.US_ASCII)).isEqualTo("hello");
    assertThat(new String(stream.input().readNBytes(5), StandardCharsets.US_ASCII))
        .isEqualTo("world");
  }

  @Test
  void aWriterWaitsForTheStreamWindowAndSendsNoMoreThanItAllows() throws Exception {
    Connection c = connect();
    CompletableFuture<MuxStream> opening =
        openAsync(new OpenRequest("dev1", "ssh", 1 << 20, 0, 30));
    int id = streamId(nextMux(FrameType.OPEN));
    c.sendBinary(MuxFrames.frame(FrameType.WINDOW, 0, MuxFrames.window(1 << 20)));
    c.sendBinary(MuxFrames.frame(FrameType.ACCEPT, id, new Acceptance(10, null).toJson()));
    MuxStream stream = opening.get(10, TimeUnit.SECONDS);
    byte[] hundred = new byte[100];
    Arrays.fill(hundred, (byte) 7);

    CompletableFuture<Void> writing =
        CompletableFuture.runAsync(
            () -> {
              try {
                stream.output().write(hundred);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertThat(payload(nextMux(FrameType.DATA))).hasSize(10);
    assertThat(writing).isNotDone();
    c.sendBinary(MuxFrames.frame(FrameType.WINDOW, id, MuxFrames.window(90)));

    writing.get(10, TimeUnit.SECONDS);
    assertThat(payload(nextMux(FrameType.DATA))).hasSize(90);
  }

  @Test
  void aRefusalBecomesAnExceptionWithTheHubsCodeAndMessage() throws Exception {
    Connection c = connect();
    CompletableFuture<MuxStream> opening =
        openAsync(new OpenRequest("dev1", "ssh", 1 << 20, 0, 30));
    int id = streamId(nextMux(FrameType.OPEN));

    c.sendBinary(
        MuxFrames.frame(
            FrameType.REFUSE, id, new Refusal(404103, "device 'dev1' is not online", 0).toJson()));

    assertThatThrownBy(() -> opening.join())
        .hasCauseInstanceOf(StreamRefusedException.class)
        .hasMessageContaining("device 'dev1' is not online");
    assertThat(session.streamCount()).isZero();
  }

  @Test
  void dataPastTheWindowTheClientGrantedClosesThatStreamWith4010() throws Exception {
    Connection c = connect();
    CompletableFuture<MuxStream> opening = openAsync(new OpenRequest("dev1", "ssh", 16, 0, 30));
    int id = streamId(nextMux(FrameType.OPEN));
    c.sendBinary(MuxFrames.frame(FrameType.ACCEPT, id, new Acceptance(1 << 20, null).toJson()));
    MuxStream stream = opening.get(10, TimeUnit.SECONDS);

    c.sendBinary(MuxFrames.frame(FrameType.DATA, id, new byte[17]));

    Frame close = nextMux(FrameType.CLOSE);
    assertThat(streamId(close)).isEqualTo(id);
    StreamClose reason = MuxFrames.readClose(payload(close), 0, payload(close).length);
    assertThat(reason.code()).isEqualTo(4010);
    StreamResult result = stream.result().get(10, TimeUnit.SECONDS);
    assertThat(result.closeCode()).isEqualTo(4010);
    assertThat(session.isOpen()).as("the connection goes on").isTrue();
  }

  @Test
  void dataOnAnUnknownStreamIsAnswered4009AndTheConnectionGoesOn() throws Exception {
    Connection c = connect();

    c.sendBinary(MuxFrames.frame(FrameType.DATA, 41, new byte[3]));

    Frame close = nextMux(FrameType.CLOSE);
    assertThat(streamId(close)).isEqualTo(41);
    assertThat(MuxFrames.readClose(payload(close), 0, payload(close).length).reason())
        .isEqualTo("unknown stream id 41");
    assertThat(session.isOpen()).isTrue();
  }

  @Test
  void halfCloseBothWaysEndsTheStreamNormally() throws Exception {
    Connection c = connect();
    Accepted accepted = openAccepted(c);
    int id = accepted.id();
    MuxStream stream = accepted.stream();

    c.sendBinary(MuxFrames.frame(FrameType.DATA, id, new byte[] {1, 2}));
    c.sendBinary(MuxFrames.frame(FrameType.FIN, id, new byte[0]));
    InputStream in = stream.input();
    assertThat(in.readAllBytes()).containsExactly(1, 2);
    stream.output().close();

    assertThat(nextMux(FrameType.FIN)).isNotNull();
    assertThat(stream.result().get(10, TimeUnit.SECONDS).isNormal()).isTrue();
  }

  @Test
  void aBridgedStreamThatEndsOnItsLastReadClosesItsLocalSideAtOnce() throws Exception {
    Connection c = connect();
    CompletableFuture<MuxStream> opening =
        openAsync(new OpenRequest("dev1", "ssh", 1 << 20, 0, 30));
    int id = streamId(nextMux(FrameType.OPEN));
    c.sendBinary(MuxFrames.frame(FrameType.WINDOW, 0, MuxFrames.window(1 << 20)));
    c.sendBinary(MuxFrames.frame(FrameType.ACCEPT, id, new Acceptance(1 << 20, null).toJson()));
    MuxStream stream = opening.get(10, TimeUnit.SECONDS);
    ByteArrayOutputStream local = new ByteArrayOutputStream();
    CompletableFuture<Void> localClosed = new CompletableFuture<>();
    CompletableFuture<StreamResult> bridged =
        stream.bridge(
            new java.io.ByteArrayInputStream(new byte[] {7}),
            new java.io.FilterOutputStream(local) {
              @Override
              public void close() {
                localClosed.complete(null);
              }
            },
            () -> {});
    assertThat(payload(nextMux(FrameType.DATA))).containsExactly(7);
    assertThat(nextMux(FrameType.FIN)).isNotNull();

    // The hub's FIN comes last: the bridge's receiving thread reads it and so ends the stream.
    long finSent = System.nanoTime();
    c.sendBinary(MuxFrames.frame(FrameType.DATA, id, new byte[] {8, 9}));
    c.sendBinary(MuxFrames.frame(FrameType.FIN, id, new byte[0]));

    assertThat(bridged.get(10, TimeUnit.SECONDS).isNormal()).isTrue();
    localClosed.get(10, TimeUnit.SECONDS);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - finSent);
    assertThat(local.toByteArray()).containsExactly(8, 9);
    // It waited a whole second for itself once (the thread that ended the stream joined itself).
    assertThat(millis)
        .as("milliseconds from the hub's FIN to the local side closed")
        .isLessThan(900);
  }

  @Test
  void streamsWhoseEndsHalfCloseAtOnceAllEndAndTheConnectionGoesOn() throws Exception {
    Connection c = connectWithCredit(1 << 20);
    for (int i = 0; i < 300; i++) {
      Accepted accepted = openAccepted(c);
      int id = accepted.id();
      MuxStream stream = accepted.stream();
      // The local side ends its input the moment it gets the hub's byte, as a client that read
      // all it wanted closes: the bridge's sending thread then sends FIN while its receiving
      // thread, past that byte, reads the hub's FIN (they once took the session's lock and the
      // stream's in opposite orders, and the connection froze).
      java.util.concurrent.CountDownLatch got = new java.util.concurrent.CountDownLatch(1);
      InputStream in =
          new InputStream() {
            @Override
            public int read() throws IOException {
              try {
                got.await();
              } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
              }
              return -1;
            }
          };
      OutputStream out =
          new OutputStream() {
            @Override
            public void write(int b) {
              got.countDown();
            }

            @Override
            public void write(byte[] b, int off, int len) {
              got.countDown();
            }
          };
      c.sendBinary(MuxFrames.frame(FrameType.DATA, id, new byte[] {8}));
      c.sendBinary(MuxFrames.frame(FrameType.FIN, id, new byte[0]));
      CompletableFuture<StreamResult> bridged = stream.bridge(in, out, () -> {});
      StreamResult result;
      try {
        result = bridged.get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        session = null; // frozen: closing it would wait forever too (its threads are daemons)
        throw new AssertionError("stream " + i + " did not end within 10 s: the session froze");
      }
      assertThat(result.isNormal()).as("stream %d", i).isTrue();
    }
  }

  @Test
  void aHubThatClosesTheConnectionEndsEveryStreamWithItsCode() throws Exception {
    Connection c = connect();
    Accepted accepted = openAccepted(c);
    int id = accepted.id();
    MuxStream stream = accepted.stream();

    c.sendClose(4007, "hub is shutting down");

    assertThat(stream.result().get(10, TimeUnit.SECONDS).closeCode()).isEqualTo(4007);
    assertThat(session.closed().get(10, TimeUnit.SECONDS).closeReason())
        .isEqualTo("hub is shutting down");
  }

  /**
   * A hub that dies while the client sends (its kernel resets the connection) ends the stream as a
   * lost connection, whichever of the session's reader and the bridge's writer sees the reset
   * first: the writer once named it a failure of the user's own local connection.
   */
  @Test
  void aConnectionResetWhileSendingIsALostConnectionNotALocalFailure() throws Exception {
    for (int round = 0; round < 20; round++) {
      stop();
      fromClient.clear();
      CompletableFuture<Connection> reset = new CompletableFuture<>();
      java.util.concurrent.CountDownLatch dead = new java.util.concurrent.CountDownLatch(1);
      hub =
          TestWebSocketServer.startTls(
              certificates.serverContext().getServerSocketFactory(),
              connection -> {
                connection.upgrade();
                reset.complete(connection);
                Frame f;
                do {
                  f = connection.read();
                  fromClient.add(f);
                } while (f.opcode() != Frame.BINARY
                    || MuxFrames.type(f.payload(), 0) != FrameType.DATA);
                // Read no more: the client's writes fill the buffers and block until the reset.
                try {
                  dead.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      HubEndpoint endpoint =
          HubEndpoint.of(hub.hostName()).withSslContext(HubTls.sslContext(certificates.pem()));
      session =
          MuxSession.connect(
              endpoint,
              MuxFrames.SERVICE_PATH,
              "SharedAccessSignature x",
              MuxOptions.DEFAULT,
              null);
      Connection c = reset.get(10, TimeUnit.SECONDS);
      c.sendBinary(MuxFrames.frame(FrameType.WINDOW, 0, MuxFrames.window(1L << 30)));
      CompletableFuture<MuxStream> opening =
          openAsync(new OpenRequest("dev1", "ssh", 1 << 20, 0, 30));
      int id = streamId(nextMux(FrameType.OPEN));
      c.sendBinary(MuxFrames.frame(FrameType.ACCEPT, id, new Acceptance(1 << 30, null).toJson()));
      MuxStream stream = opening.get(10, TimeUnit.SECONDS);
      InputStream endless =
          new InputStream() {
            @Override
            public int read() {
              return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
              return Math.min(len, 16 * 1024); // frames the test server takes
            }
          };
      CompletableFuture<StreamResult> bridged =
          stream.bridge(endless, OutputStream.nullOutputStream(), () -> {});
      nextMux(FrameType.DATA);

      c.resetSocket();
      dead.countDown();

      StreamResult result = bridged.get(10, TimeUnit.SECONDS);
      assertThat(result.describe()).as("round %d", round).startsWith("connection lost");
    }
  }

  // Streams bridged to socket channels: the connection's one socket thread, no threads per stream.

  @Test
  void aStreamBridgedToASocketChannelMovesBytesBothWaysWithNoThreadOfItsOwn() throws Exception {
    Connection c = connectWithCredit(1 << 20);
    Accepted accepted = openAccepted(c);
    int id = accepted.id();
    try (LocalPair pair = LocalPair.open()) {
      CompletableFuture<StreamResult> bridged = accepted.stream().bridge(pair.bridged());

      pair.app().write(ascii("hello"));
      assertThat(payload(nextMux(FrameType.DATA))).isEqualTo(ascii("hello").array());
      c.sendBinary(MuxFrames.frame(FrameType.DATA, id, ascii("world").array()));
      assertThat(pair.read(5)).isEqualTo(ascii("world").array());
      assertThat(threadsIn(StreamBridge.class))
          .as("threads in StreamBridge while a socket stream is open")
          .isEmpty();

      pair.app().shutdownOutput();
      assertThat(streamId(nextMux(FrameType.FIN))).isEqualTo(id);
      c.sendBinary(MuxFrames.frame(FrameType.FIN, id, new byte[0]));
      assertThat(pair.read(1)).as("the app's end of the socket, after the hub's FIN").isEmpty();
      assertThat(bridged.get(10, TimeUnit.SECONDS).isNormal()).isTrue();
    }
  }

  @Test
  void aSocketWaitsForCreditAndSendsNoMoreThanTheWindowAllows() throws Exception {
    Connection c = connectWithCredit(1 << 20);
    CompletableFuture<MuxStream> opening =
        openAsync(new OpenRequest("dev1", "ssh", 1 << 20, 0, 30));
    int id = streamId(nextMux(FrameType.OPEN));
    c.sendBinary(MuxFrames.frame(FrameType.ACCEPT, id, new Acceptance(10, null).toJson()));
    MuxStream stream = opening.get(10, TimeUnit.SECONDS);
    byte[] hundred = new byte[100];
    for (int i = 0; i < hundred.length; i++) {
      hundred[i] = (byte) i;
    }
    try (LocalPair pair = LocalPair.open()) {
      stream.bridge(pair.bridged());
      pair.app().write(ByteBuffer.wrap(hundred));

      byte[] first = payload(nextMux(FrameType.DATA));
      assertThat(first).isEqualTo(Arrays.copyOf(hundred, 10));
      c.sendBinary(MuxFrames.frame(FrameType.WINDOW, id, MuxFrames.window(90)));
      ByteArrayOutputStream rest = new ByteArrayOutputStream();
      while (rest.size() < 90) {
        rest.writeBytes(payload(nextMux(FrameType.DATA)));
      }
      assertThat(rest.toByteArray()).isEqualTo(Arrays.copyOfRange(hundred, 10, 100));
    }
  }

  @Test
  void aLocalSocketThatStopsReadingHoldsBackOnlyItsOwnStream() throws Exception {
    Connection c = connectWithCredit(8 << 20);
    Accepted stalled = openAccepted(c);
    Accepted other = openAccepted(c);
    byte[] mebibyte = new byte[1 << 20];
    new java.util.Random(13).nextBytes(mebibyte);
    try (LocalPair stalledPair = LocalPair.open();
        LocalPair otherPair = LocalPair.open()) {
      stalled.stream().bridge(stalledPair.bridged());
      other.stream().bridge(otherPair.bridged());

      // The stalled app reads nothing: its socket's buffers fill, and the rest must wait in the
      // bridge, not in the connection's reader.
      for (int at = 0; at < mebibyte.length; at += MuxFrames.MAX_PAYLOAD) {
        c.sendBinary(
            MuxFrames.frame(
                FrameType.DATA,
                stalled.id(),
                Arrays.copyOfRange(mebibyte, at, at + MuxFrames.MAX_PAYLOAD)));
      }
      c.sendBinary(MuxFrames.frame(FrameType.DATA, other.id(), ascii("ping").array()));
      assertThat(otherPair.read(4)).isEqualTo(ascii("ping").array());

      int half = mebibyte.length / 2;
      assertThat(stalledPair.read(half))
          .as("the stalled app's first half, in order, once it reads")
          .isEqualTo(Arrays.copyOf(mebibyte, half));
      long granted = 0;
      while (granted < half / 2) {
        Frame window = nextMux(FrameType.WINDOW);
        if (streamId(window) == stalled.id()) {
          granted += MuxFrames.readWindow(payload(window), 0, payload(window).length);
        }
      }
      assertThat(granted)
          .as("the stalled stream's window granted again, at most what was read")
          .isLessThanOrEqualTo(half);
      // The hub's FIN comes while the second half still waits in the bridge: the socket ends after
      // it.
      c.sendBinary(MuxFrames.frame(FrameType.FIN, stalled.id(), new byte[0]));
      assertThat(stalledPair.read(half + 1))
          .as("the second half, then the end")
          .isEqualTo(Arrays.copyOfRange(mebibyte, half, mebibyte.length));
    }
  }

  @Test
  void dataAndFinThatCameBeforeTheBridgeReachTheSocketFirst() throws Exception {
    Connection c = connectWithCredit(1 << 20);
    Accepted accepted = openAccepted(c);
    int id = accepted.id();
    c.sendBinary(MuxFrames.frame(FrameType.DATA, id, ascii("early").array()));
    c.sendBinary(MuxFrames.frame(FrameType.FIN, id, new byte[0]));
    // The session's one reader answers a ping only after the frames before it.
    c.send(Frame.PING, ascii("after-fin").array());
    assertThat(nextPong()).isEqualTo(ascii("after-fin").array());

    try (LocalPair pair = LocalPair.open()) {
      CompletableFuture<StreamResult> bridged = accepted.stream().bridge(pair.bridged());
      assertThat(pair.read(6)).as("the early data, then the end").isEqualTo(ascii("early").array());
      pair.app().shutdownOutput();
      assertThat(streamId(nextMux(FrameType.FIN))).isEqualTo(id);
      assertThat(bridged.get(10, TimeUnit.SECONDS).isNormal()).isTrue();
    }
  }

  @Test
  void aLocalSocketResetClosesTheStreamWith1001AndTheReason() throws Exception {
    // With credit: a socket is read only while its stream may send.
    Connection c = connectWithCredit(1 << 20);
    Accepted accepted = openAccepted(c);
    try (LocalPair pair = LocalPair.open()) {
      CompletableFuture<StreamResult> bridged = accepted.stream().bridge(pair.bridged());
      pair.app().setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
      pair.app().close(); // a reset

      Frame close = nextMux(FrameType.CLOSE);
      assertThat(streamId(close)).isEqualTo(accepted.id());
      StreamClose reason = MuxFrames.readClose(payload(close), 0, payload(close).length);
      assertThat(reason.code()).isEqualTo(1001);
      assertThat(reason.reason()).startsWith("local connection failed: ");
      assertThat(bridged.get(10, TimeUnit.SECONDS).closeCode()).isEqualTo(1001);
      assertThat(session.isOpen()).as("the connection goes on").isTrue();
    }
  }

  @Test
  void aFailedSocketThreadClosesItsStreamsWith1001AndTheNextStreamGetsANewOne() throws Exception {
    Connection c = connectWithCredit(1 << 20);
    Accepted first = openAccepted(c);
    LocalSockets failing;
    try (LocalPair pair = LocalPair.open()) {
      CompletableFuture<StreamResult> bridged = first.stream().bridge(pair.bridged());
      failing = session.localSockets();
      failing.execute(
          () -> {
            throw new AssertionError("injected into the socket thread");
          });

      Frame close = nextMux(FrameType.CLOSE);
      assertThat(streamId(close)).isEqualTo(first.id());
      StreamClose reason = MuxFrames.readClose(payload(close), 0, payload(close).length);
      assertThat(reason.code()).isEqualTo(1001);
      assertThat(reason.reason()).contains("injected into the socket thread");
      assertThat(pair.read(1)).as("the local socket's end").isEmpty();
      assertThat(bridged.get(10, TimeUnit.SECONDS).closeCode()).isEqualTo(1001);
      assertThat(failing.isStopped()).isTrue();
    }

    Accepted next = openAccepted(c);
    try (LocalPair pair = LocalPair.open()) {
      next.stream().bridge(pair.bridged());
      pair.app().write(ascii("after"));
      Frame data = nextMux(FrameType.DATA);
      assertThat(streamId(data)).isEqualTo(next.id());
      assertThat(new String(payload(data), StandardCharsets.US_ASCII)).isEqualTo("after");
      assertThat(session.localSockets()).isNotSameAs(failing);
      assertThat(session.isOpen()).isTrue();
    }
  }

  /** A connected pair of loopback sockets: the app's channel and the bridged end, small buffers. */
  private record LocalPair(SocketChannel app, Socket bridged) implements AutoCloseable {
    static LocalPair open() throws IOException {
      try (ServerSocketChannel server = ServerSocketChannel.open()) {
        server.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 8192);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        SocketChannel app = SocketChannel.open();
        app.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 8192);
        app.connect(server.getLocalAddress());
        Socket bridged = server.accept().socket();
        bridged.setSendBufferSize(8192);
        return new LocalPair(app, bridged);
      }
    }

    /** Reads exactly {@code n} bytes, fewer only at the end of the stream; 10 s at most. */
    byte[] read(int n) throws IOException {
      app.socket().setSoTimeout(10_000);
      return app.socket().getInputStream().readNBytes(n);
    }

    @Override
    public void close() throws IOException {
      app.close();
      bridged.close();
    }
  }

  private static ByteBuffer ascii(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
  }

  /** The threads whose stack is in {@code type} now. */
  private static List<String> threadsIn(Class<?> type) {
    return Thread.getAllStackTraces().entrySet().stream()
        .filter(
            e ->
                Arrays.stream(e.getValue())
                    .anyMatch(frame -> frame.getClassName().startsWith(type.getName())))
        .map(e -> e.getKey().getName())
        .toList();
  }

  private Connection connect() throws Exception {
    hub =
        TestWebSocketServer.startTls(
            certificates.serverContext().getServerSocketFactory(),
            connection -> {
              connection.upgrade();
              while (true) {
                Frame f = connection.read();
                if (f.opcode() == Frame.CLOSE) {
                  connection.answerClose(f);
                  return;
                }
                fromClient.add(f);
              }
            });
    HubEndpoint endpoint =
        HubEndpoint.of(hub.hostName()).withSslContext(HubTls.sslContext(certificates.pem()));
    session =
        MuxSession.connect(
            endpoint, MuxFrames.SERVICE_PATH, "SharedAccessSignature x", MuxOptions.DEFAULT, null);
    Connection c = hub.nextConnection();
    assertThat(c.path()).isEqualTo("/v2/service");
    assertThat(c.header("Authorization")).isEqualTo("SharedAccessSignature x");
    Frame first = nextMux(FrameType.WINDOW);
    assertThat(streamId(first)).as("the connection window comes first").isZero();
    return c;
  }

  /** Connects, and the scripted hub grants the connection {@code window} bytes to send. */
  private Connection connectWithCredit(int window) throws Exception {
    Connection c = connect();
    c.sendBinary(MuxFrames.frame(FrameType.WINDOW, 0, MuxFrames.window(window)));
    return c;
  }

  /** A stream the scripted hub accepted, and its id on the connection. */
  private record Accepted(int id, MuxStream stream) {}

  /** Opens a stream to dev1's ssh and accepts it with a window of 1 MiB. */
  private Accepted openAccepted(Connection c) throws Exception {
    CompletableFuture<MuxStream> opening =
        openAsync(new OpenRequest("dev1", "ssh", 1 << 20, 0, 30));
    int id = streamId(nextMux(FrameType.OPEN));
    c.sendBinary(MuxFrames.frame(FrameType.ACCEPT, id, new Acceptance(1 << 20, null).toJson()));
    return new Accepted(id, opening.get(10, TimeUnit.SECONDS));
  }

  private CompletableFuture<MuxStream> openAsync(OpenRequest request) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return session.open(request);
          } catch (IOException e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
  }

  /** The next v2 frame of {@code type} from the client (others are skipped). */
  private Frame nextMux(int type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Frame f = fromClient.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (f == null) {
        throw new AssertionError("no " + FrameType.name(type) + " from the client within 10 s");
      }
      if (f.opcode() == Frame.BINARY && MuxFrames.type(f.payload(), 0) == type) {
        return f;
      }
    }
  }

  /** The payload of the client's next pong (other frames are skipped). */
  private byte[] nextPong() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Frame f = fromClient.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (f == null) {
        throw new AssertionError("no pong from the client within 10 s");
      }
      if (f.opcode() == Frame.PONG) {
        return f.payload();
      }
    }
  }

  private static int streamId(Frame f) {
    return (int) MuxFrames.streamId(f.payload(), 0);
  }

  private static byte[] payload(Frame f) {
    return Arrays.copyOfRange(f.payload(), MuxFrames.HEADER_LENGTH, f.payload().length);
  }

  private static String json(Frame f) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(payload(f));
    return out.toString(StandardCharsets.UTF_8);
  }
}
