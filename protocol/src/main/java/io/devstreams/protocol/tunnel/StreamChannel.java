package io.devstreams.protocol.tunnel;

import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.ControlMessages;
import io.devstreams.protocol.Fin;
import io.devstreams.protocol.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client end of one stream: a WebSocket to {@code wss://HOST/streams/{id}} bridged to a local
 * socket (or to standard input and output) or connected to the application as a {@link
 * StreamConnection}, with flow control both ways and {@code fin} half-close.
 *
 * <p>Local to stream: reads up to 64 KiB, sends it as one binary frame and waits for the send to
 * complete before reading again; at local end of input it sends {@code {"type":"fin"}}. Stream to
 * local: a dedicated writer thread writes each part and only then asks for the next message, so a
 * slow local reader holds back the remote sender; a received {@code fin} shuts down local output
 * after every byte before it. When both directions are finished the channel closes with 1000; any
 * other close or failure closes the local side and ends {@link #result()} with the reason. A
 * channel must be bridged, connected (or closed) once opened: until then it reads nothing.
 */
public final class StreamChannel implements TunnelStream {

  /** The largest binary frame sent, and the largest the hub accepts. */
  public static final int MAX_FRAME_BYTES = 64 * 1024;

  /** Default limit for the WebSocket opening handshake (TCP, TLS, proxy and upgrade). */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

  /** How long to wait for the hub's close frame after sending ours before dropping the link. */
  static final long CLOSE_TIMEOUT_SECONDS = 5;

  private static final System.Logger LOG = System.getLogger(StreamChannel.class.getName());

  private final URI url;
  private final String id;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicBoolean bridged = new AtomicBoolean();
  private final CompletableFuture<StreamResult> result = new CompletableFuture<>();
  private volatile WebSocket webSocket;
  private volatile LocalEnd local;
  private volatile LocalWriter writer;
  private final StreamEnding ending = new StreamEnding();
  private final StreamHeartbeat heartbeat;

  private StreamChannel(URI url, Heartbeat heartbeat) {
    this.url = url;
    this.heartbeat = new StreamHeartbeat(heartbeat);
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    this.id = path.substring(path.lastIndexOf('/') + 1);
  }

  /** Opens the stream with {@link #DEFAULT_HANDSHAKE_TIMEOUT}; see the four-argument form. */
  public static CompletableFuture<StreamChannel> open(HttpClient http, URI url, String token) {
    return open(http, url, token, DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /**
   * Opens the WebSocket to a stream URL with {@code Authorization: Bearer token}.
   *
   * @return a future that fails with an {@link IOException} saying why (for example {@code HTTP 401
   *     from the hub}) if the handshake does not succeed
   * @throws IllegalArgumentException if the URL is not {@code ws://} or {@code wss://} or the token
   *     is empty
   */
  public static CompletableFuture<StreamChannel> open(
      HttpClient http, URI url, String token, Duration handshakeTimeout) {
    return open(http, url, token, handshakeTimeout, Heartbeat.DEFAULT);
  }

  /**
   * Opens the WebSocket to a stream URL with {@code Authorization: Bearer token}; once bridged or
   * connected, the stream ends with {@link StreamResult#ABNORMAL_CLOSURE} and a "no answer from the
   * hub" failure if the hub stays silent for the heartbeat's timeout.
   *
   * @return a future that fails with an {@link IOException} saying why (for example {@code HTTP 401
   *     from the hub}) if the handshake does not succeed
   * @throws IllegalArgumentException if the URL is not {@code ws://} or {@code wss://} or the token
   *     is empty
   */
  public static CompletableFuture<StreamChannel> open(
      HttpClient http, URI url, String token, Duration handshakeTimeout, Heartbeat heartbeat) {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(heartbeat, "heartbeat");
    if (url == null || !("wss".equals(url.getScheme()) || "ws".equals(url.getScheme()))) {
      throw new IllegalArgumentException("stream URL is not a ws:// or wss:// URL");
    }
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("stream token is empty");
    }
    StreamChannel channel = new StreamChannel(url, heartbeat);
    return http.newWebSocketBuilder()
        .header(Headers.AUTHORIZATION, Headers.BEARER_PREFIX + token)
        .connectTimeout(handshakeTimeout)
        .buildAsync(url, new StreamListener(channel))
        .handle(
            (ws, failure) -> {
              if (failure != null) {
                throw new CompletionException(
                    new IOException(
                        "cannot open stream "
                            + channel.id
                            + ": "
                            + ConnectionFailures.describe(failure),
                        ConnectionFailures.unwrap(failure)));
              }
              channel.opened(ws);
              return channel;
            });
  }

  /** Returns the stream's URL. */
  public URI url() {
    return url;
  }

  /** Returns the stream id, the last segment of the URL's path. */
  @Override
  public String id() {
    return id;
  }

  /** Returns the bytes sent on the stream so far. */
  @Override
  public long bytesSent() {
    return sent.get();
  }

  /** Returns the bytes received from the stream and written locally so far. */
  @Override
  public long bytesReceived() {
    return received.get();
  }

  /** Returns the future that completes (never exceptionally) when the stream has ended. */
  @Override
  public CompletableFuture<StreamResult> result() {
    return result;
  }

  /**
   * Bridges the stream to a connected socket, which the channel now owns and closes at the end.
   *
   * @throws IllegalStateException if the channel was bridged before
   * @throws IllegalArgumentException if the socket is not connected or already closed
   */
  @Override
  public CompletableFuture<StreamResult> bridge(Socket socket) {
    if (!socket.isConnected() || socket.isClosed()) {
      throw new IllegalArgumentException("socket is not connected");
    }
    try {
      return start(new LocalEnd.SocketEnd(socket));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Bridges the stream to an input and an output stream (for stdio): {@code shutdownOutput} runs on
   * a received {@code fin}, after everything before it was written and flushed.
   *
   * @throws IllegalStateException if the channel was bridged before
   */
  @Override
  public CompletableFuture<StreamResult> bridge(
      InputStream in, OutputStream out, Runnable shutdownOutput) {
    return start(new LocalEnd.StreamsEnd(in, out, shutdownOutput));
  }

  /**
   * Connects the stream to the application as an input and an output stream, pumped by the same
   * flow-controlled threads as a bridge; see {@link StreamConnection}.
   *
   * @throws IllegalStateException if the channel was bridged or connected before
   */
  @Override
  public StreamConnection connect() {
    ConnectionEnd end = new ConnectionEnd(id, this::currentResult);
    start(end);
    return new StreamConnection(this, end);
  }

  /**
   * Ends the stream now, both directions, with this close code and reason (for example 1001 when
   * the process is stopping); does nothing once the stream is ending.
   *
   * @throws IllegalArgumentException unless the code is 1000, 1001, 1008, 1011 or 3000-4999 (the
   *     codes a client may send)
   */
  @Override
  public void close(int code, String reason) {
    boolean sendable =
        code == CloseCodes.NORMAL
            || code == CloseCodes.GOING_AWAY
            || code == CloseCodes.POLICY_VIOLATION
            || code == CloseCodes.HUB_ERROR
            || (code >= 3000 && code <= 4999);
    if (!sendable) {
      throw new IllegalArgumentException("a client cannot close a stream with code " + code);
    }
    closeNow(code, reason, null);
  }

  private CompletableFuture<StreamResult> start(LocalEnd end) {
    if (!bridged.compareAndSet(false, true)) {
      throw new IllegalStateException("stream " + id + " is already bridged");
    }
    LocalWriter localWriter = new LocalWriter(this, end);
    local = end;
    writer = localWriter;
    if (ending.isEnding()) {
      finish();
      return result;
    }
    String name = "devstreams-stream-" + id.substring(0, Math.min(8, id.length()));
    DaemonThreadFactory.named(name + "-recv", localWriter).start();
    DaemonThreadFactory.named(name + "-send", new LocalReader(this, end, webSocket)).start();
    heartbeat.start(webSocket, this::silentFor);
    requestNext();
    return result;
  }

  void opened(WebSocket ws) {
    webSocket = ws;
  }

  CompletableFuture<Void> receivedData(ByteBuffer data) {
    LocalWriter localWriter = writer;
    return ending.isEnding() || localWriter == null ? null : localWriter.write(data);
  }

  void receivedText(String text) {
    if (ending.isEnding()) {
      return;
    }
    try {
      if (text != null && ControlMessages.decode(text) instanceof Fin) {
        writer.fin();
        return;
      }
      LOG.log(Level.WARNING, "stream " + id + ": ignoring a control message that is not fin");
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "stream " + id + ": ignoring a control message: " + e.getMessage());
    }
    requestNext();
  }

  void sendFailed(IOException failure) {
    // Once we are closing, the JDK fails any later send by design; only the close handshake counts.
    if (!ending.isEnding()) {
      connectionFailed(failure);
    }
  }

  void sending() {
    heartbeat.sendStarted();
  }

  void sent(int length) {
    heartbeat.sendCompleted();
    sent.addAndGet(length);
  }

  /** Something (a message, a ping or a pong) arrived from the hub. */
  void heard() {
    heartbeat.heard();
  }

  void countDelivered(int length) {
    received.addAndGet(length);
  }

  /** Asks for the next message from the hub; silence while waiting for it counts. */
  void requestNext() {
    heartbeat.waiting();
    webSocket.request(1);
  }

  void finSent() {
    if (ending.finSent()) {
      closeNow(CloseCodes.NORMAL, "", null);
    }
  }

  void finDelivered() {
    if (ending.finReceived()) {
      closeNow(CloseCodes.NORMAL, "", null);
    }
    requestNext();
  }

  void remoteClosed(int code, String reason) {
    ending.begin(code, reason, null);
    finish();
  }

  void connectionFailed(Throwable failure) {
    ending.begin(StreamResult.ABNORMAL_CLOSURE, "", ConnectionFailures.unwrap(failure));
    WebSocket ws = webSocket;
    if (ws != null) {
      ws.abort();
    }
    finish();
  }

  private void silentFor(long seconds) {
    connectionFailed(
        new IOException("no answer from the hub for " + seconds + " s (heartbeat timeout)"));
  }

  void localFailed(IOException failure) {
    String reason = "local connection failed: " + ConnectionFailures.describe(failure);
    closeNow(CloseCodes.GOING_AWAY, reason, failure);
  }

  void protocolError(String what) {
    // The JDK client may not send 1002, so a broken peer gets 1008.
    closeNow(CloseCodes.POLICY_VIOLATION, what, new ProtocolException(what));
  }

  private void closeNow(int code, String reason, Throwable failure) {
    String fitted = CloseReasons.fit(reason);
    if (!ending.begin(code, fitted, failure)) {
      return;
    }
    if (code != CloseCodes.NORMAL) {
      closeLocal();
    }
    WebSocket ws = webSocket;
    if (ws == null) {
      finish();
      return;
    }
    ws.request(Long.MAX_VALUE); // let the hub's close through; data from now on is dropped
    ws.sendClose(code, fitted);
    CompletableFuture.delayedExecutor(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .execute(
            () -> {
              if (!result.isDone()) {
                ws.abort();
                finish();
              }
            });
  }

  private void closeLocal() {
    LocalEnd end = local;
    if (end != null) {
      end.close();
    }
    LocalWriter localWriter = writer;
    if (localWriter != null) {
      localWriter.stop();
    }
  }

  private StreamResult currentResult() {
    return ending.result(received.get(), sent.get());
  }

  private void finish() {
    heartbeat.stop();
    closeLocal();
    result.complete(currentResult());
  }
}
