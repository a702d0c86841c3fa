package io.devstreams.device;

import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.tunnel.ConnectionFailures;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The {@link DeviceClient}'s connection state machine: connect, serve, notice the end (a close, an
 * error or a silent hub), then reconnect after a {@link Backoff} delay or stop. Every transition
 * runs on the one timer thread, so none races another; a late event from an old connection is
 * recognised by identity and ignored.
 */
final class ControlLoop {

  private static final System.Logger LOG = System.getLogger(DeviceClient.class.getName());

  /** The parts the loop works with, fixed for the client's life. */
  record Parts(
      ConnectionString device,
      HubLink.Factory links,
      DeviceClientOptions options,
      Backoff backoff,
      ConnectionListener listener,
      ScheduledExecutorService timer,
      Clock clock) {}

  private final Parts parts;
  private final CompletableFuture<StopReason> stopped = new CompletableFuture<>();
  private volatile boolean stopping;
  private volatile boolean connected;
  private volatile String closeReason = "";
  private HubLink current; // this and the fields below: timer thread only
  private boolean currentOpen;
  private ScheduledFuture<?> pending;
  private ScheduledFuture<?> heartbeat;

  ControlLoop(Parts parts) {
    this.parts = parts;
  }

  void start() {
    onTimer(this::connect);
  }

  boolean isConnected() {
    return connected;
  }

  CompletableFuture<StopReason> stopped() {
    return stopped;
  }

  /** Stops reconnecting and closes the open channel with 1000 and {@code reason}. */
  void close(String reason) {
    if (!stopping) {
      closeReason = reason;
      stopping = true;
    }
    onTimer(this::closeNow);
  }

  /** Records the stop at once (the hub did not answer the close in time). */
  void stopNow() {
    stop(StopReason.CLOSED);
  }

  private void closeNow() {
    if (pending != null) {
      pending.cancel(false);
    }
    if (current == null) {
      stop(StopReason.CLOSED);
    } else if (currentOpen) {
      current.close(CloseCodes.NORMAL, closeReason);
    }
  }

  private void connect() {
    if (stopping) {
      stop(StopReason.CLOSED);
      return;
    }
    HubLink connection = parts.links().newLink(ended -> onTimer(() -> ended(ended)));
    current = connection;
    currentOpen = false;
    String token =
        parts.device().x509()
            ? null // the certificate, presented in the TLS handshake, is the credential
            : parts.device().createToken(parts.options().tokenLifetime(), parts.clock());
    connection
        .open(token)
        .whenComplete((ws, failure) -> onTimer(() -> opened(connection, failure)));
  }

  private void opened(HubLink connection, Throwable failure) {
    if (connection != current) {
      return;
    }
    if (failure != null) {
      current = null;
      if (stopping) {
        stop(StopReason.CLOSED);
      } else {
        retry(
            "cannot connect to " + host() + ": " + describe(failure),
            ConnectionFailures.retryAfter(failure).orElse(Duration.ZERO));
      }
      return;
    }
    currentOpen = true;
    if (stopping) {
      connection.receive(); // to see the hub's answer to the close
      connection.close(CloseCodes.NORMAL, closeReason);
      return;
    }
    connected = true;
    parts.backoff().connected();
    LOG.log(Level.INFO, "connected to " + host() + " as device " + parts.device().deviceId());
    parts.listener().connected();
    long every = parts.options().pingInterval().toMillis();
    heartbeat =
        parts
            .timer()
            .scheduleAtFixedRate(() -> heartbeat(connection), every, every, TimeUnit.MILLISECONDS);
    if (connection.end() != null) {
      ended(connection);
    } else {
      connection.receive(); // only now, so that requests follow the "connected" line
    }
  }

  /**
   * Why a connection attempt failed. A hub that refuses a device certificate ends the TLS session
   * right after the handshake, which the JDK reports only as an EOF or a TLS alert, so a
   * certificate device is told what that usually means.
   */
  private String describe(Throwable failure) {
    String reason = ConnectionFailures.describe(failure);
    if (parts.device().x509() && !reason.startsWith("HTTP ") && refusedByTls(failure)) {
      return reason
          + " (the hub ended the TLS session: is this certificate registered for the device, and"
          + " within its validity dates?)";
    }
    return reason;
  }

  private static boolean refusedByTls(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message =
          t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
      if (t instanceof javax.net.ssl.SSLException
          || (t instanceof java.io.EOFException)
          || message.contains("eof reached")
          // v2's own client writes its upgrade request at once: it meets the ended session there
          || (t instanceof java.net.SocketException
              && (message.contains("broken pipe") || message.contains("connection reset")))) {
        return true;
      }
    }
    return false;
  }

  private void heartbeat(HubLink connection) {
    Duration quiet = parts.options().pingInterval().multipliedBy(3);
    if (connection.silentFor(quiet)) {
      connection.abort("no answer from the hub for " + seconds(quiet));
    } else {
      connection.ping();
    }
  }

  private void ended(HubLink connection) {
    if (connection != current || !currentOpen) {
      return; // a stale connection, or one whose opening opened() has yet to see
    }
    current = null;
    connected = false;
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    parts.backoff().disconnected();
    HubLink.End end = connection.end();
    if (stopping) {
      stop(StopReason.CLOSED);
    } else if (end.code() == CloseCodes.REPLACED) {
      LOG.log(
          Level.WARNING,
          "the hub closed the control channel with 4004: another connection for device "
              + parts.device().deviceId()
              + " took over (is a second agent running with this device's connection string?)");
      stop(StopReason.REPLACED);
    } else {
      retry("disconnected from " + host() + ": " + end.description());
    }
  }

  private void retry(String what) {
    retry(what, Duration.ZERO);
  }

  /**
   * Reconnects after the backoff's next delay, added to {@code atLeast} (a refusal's {@code
   * Retry-After}): the jitter on top keeps a fleet told the same wait from coming back at once.
   */
  private void retry(String what, Duration atLeast) {
    Duration delay = atLeast.plus(parts.backoff().nextDelay());
    LOG.log(Level.INFO, what + "; reconnecting in " + seconds(delay));
    parts.listener().disconnected(what, delay);
    pending = parts.timer().schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void stop(StopReason reason) {
    connected = false;
    if (stopped.complete(reason)) {
      parts.listener().stopped(reason);
    }
  }

  private String host() {
    return parts.device().hostName();
  }

  private void onTimer(Runnable task) {
    try {
      parts.timer().execute(task);
    } catch (RejectedExecutionException e) {
      // the client is closed: nothing is left to do
    }
  }

  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
