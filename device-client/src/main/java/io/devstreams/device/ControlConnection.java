package io.devstreams.device;

import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.ControlMessage;
import io.devstreams.protocol.ControlMessages;
import io.devstreams.protocol.Headers;
import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.tunnel.CloseReasons;
import io.devstreams.protocol.tunnel.ConnectionFailures;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One control-channel WebSocket from opening to its end: passes stream requests on, ignores (with a
 * warning) anything else, sends answers one at a time (the JDK allows one outstanding text send),
 * and remembers how it ended and when the hub was last heard from.
 */
final class ControlConnection implements WebSocket.Listener, HubLink {

  /** What a connection reports to its owner; called on HttpClient threads. */
  interface Events {
    void requested(ControlConnection connection, StreamRequest request);

    void ended(ControlConnection connection);
  }

  private static final System.Logger LOG = System.getLogger(DeviceClient.class.getName());
  private static final int NO_STATUS = 1005;
  private static final int NO_CLOSE_FRAME = 1006;
  private static final long CLOSE_TIMEOUT_SECONDS = 3;

  private final Events events;
  private HttpClient openWith;
  private URI openAt;
  private Duration openTimeout;
  private final StringBuilder text = new StringBuilder();
  private boolean textTooLong;
  private volatile WebSocket webSocket;
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile End end;
  private CompletableFuture<?> sends = CompletableFuture.completedFuture(null);

  ControlConnection(Events events) {
    this.events = events;
  }

  /** A connection that {@link #open(String)} opens at {@code uri}. */
  ControlConnection(Events events, HttpClient http, URI uri, Duration timeout) {
    this(events);
    this.openWith = http;
    this.openAt = uri;
    this.openTimeout = timeout;
  }

  @Override
  public CompletableFuture<?> open(String sasToken) {
    return open(openWith, openAt, sasToken, openTimeout);
  }

  /**
   * Starts the opening handshake with a SAS token, or none for a device whose certificate is its
   * credential; the future fails if the handshake does.
   */
  CompletableFuture<WebSocket> open(HttpClient http, URI uri, String sasToken, Duration timeout) {
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(timeout);
    if (sasToken != null) {
      builder.header(Headers.AUTHORIZATION, sasToken);
    }
    return builder.buildAsync(uri, this);
  }

  /** Returns how the connection ended, or null while it is open. */
  @Override
  public End end() {
    return end;
  }

  /** Returns whether nothing (message, ping or pong) came from the hub for {@code quiet}. */
  @Override
  public boolean silentFor(Duration quiet) {
    return System.nanoTime() - lastHeardNanos >= quiet.toNanos();
  }

  /** Sends one text message after the previous ones; the future completes when it was sent. */
  synchronized CompletableFuture<?> send(ControlMessage message) {
    String json = ControlMessages.encode(message);
    CompletableFuture<?> next = sends.handle((r, e) -> null).thenCompose(x -> sendNow(json));
    sends = next;
    return next;
  }

  private CompletableFuture<WebSocket> sendNow(String json) {
    WebSocket ws = webSocket;
    return ws == null
        ? CompletableFuture.failedFuture(new IllegalStateException("control channel not open"))
        : ws.sendText(json, true);
  }

  /** Pings the hub (the JDK's answer to the hub's own pings is automatic). */
  @Override
  public void ping() {
    WebSocket ws = webSocket;
    if (ws != null && !ws.isOutputClosed()) {
      ws.sendPing(ByteBuffer.allocate(0));
    }
  }

  /** Starts the closing handshake; drops the connection if the hub does not answer in 3 s. */
  @Override
  public void close(int code, String reason) {
    WebSocket ws = webSocket;
    if (ws == null) {
      return;
    }
    ws.sendClose(code, CloseReasons.fit(reason))
        .whenComplete(
            (sent, failure) -> {
              if (failure != null) {
                abort(ConnectionFailures.describe(failure));
              }
            });
    CompletableFuture.delayedExecutor(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .execute(() -> abort("the hub did not answer the close"));
  }

  /** Drops the connection at once, recording {@code why} as how it ended. */
  @Override
  public void abort(String why) {
    WebSocket ws = webSocket;
    if (ws != null) {
      ws.abort();
    }
    ended(new End(NO_CLOSE_FRAME, why));
  }

  /** Starts delivering messages; the owner calls this once it has recorded the connection. */
  @Override
  public void receive() {
    webSocket.request(1);
  }

  @Override
  public void onOpen(WebSocket ws) {
    webSocket = ws;
    heard();
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    heard();
    if (text.length() + data.length() <= ControlMessages.MAX_LENGTH) {
      text.append(data);
    } else {
      textTooLong = true;
    }
    if (last) {
      String message = text.toString();
      boolean tooLong = textTooLong;
      text.setLength(0);
      textTooLong = false;
      received(tooLong ? null : message);
    }
    ws.request(1);
    return null;
  }

  private void received(String message) {
    if (message == null) {
      LOG.log(
          Level.WARNING,
          "ignoring a control message longer than {0} characters",
          ControlMessages.MAX_LENGTH);
      return;
    }
    ControlMessage decoded;
    try {
      decoded = ControlMessages.decode(message);
    } catch (IllegalArgumentException e) {
      LOG.log(Level.WARNING, "ignoring a control message: " + e.getMessage());
      return;
    }
    if (decoded instanceof StreamRequest request) {
      events.requested(this, request);
    } else {
      LOG.log(
          Level.WARNING,
          "ignoring an unexpected {0} on the control channel",
          decoded.getClass().getSimpleName());
    }
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
    heard();
    LOG.log(Level.WARNING, "ignoring a binary message on the control channel");
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
    heard();
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
    heard();
    ws.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    ended(new End(statusCode, describeClose(statusCode, reason)));
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    ended(new End(NO_CLOSE_FRAME, ConnectionFailures.describe(error)));
  }

  /** Describes a close from the hub: {@code closed with 4007 (hub is shutting down): reason}. */
  static String describeClose(int code, String reason) {
    if (code == NO_CLOSE_FRAME) {
      return "connection lost";
    }
    String text =
        code == NO_STATUS
            ? "closed without a code"
            : "closed with " + code + " (" + CloseCodes.describe(code) + ")";
    return text + (reason == null || reason.isBlank() ? "" : ": " + reason);
  }

  private void heard() {
    lastHeardNanos = System.nanoTime();
  }

  private void ended(End how) {
    synchronized (this) {
      if (end != null) {
        return;
      }
      end = how;
    }
    events.ended(this);
  }
}
