package io.devstreams.grizzly;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.CloseListener;
import org.glassfish.grizzly.Closeable;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.ICloseType;
import org.glassfish.grizzly.attributes.Attribute;

/**
 * Which connections of one listener are in the middle of a request, and until when they may be.
 *
 * <p>A connection is <em>waiting</em> from its accept, and again from the first byte after a
 * finished request, until its request is complete (head and body) or its upgrade is answered with
 * 101; a connection still waiting at its deadline is closed. A sweep every {@link #SWEEP} closes
 * them, so a deadline holds to within that. Upgraded connections are never waiting again: their
 * bytes are the hub's stream and control traffic, with idle limits of their own.
 */
final class RequestDeadlines {
  static final Duration SWEEP = Duration.ofMillis(250);

  /** How often at most a line says how many connections the deadline closed. */
  private static final Duration REPORT_EVERY = Duration.ofMinutes(1);

  private static final Logger LOG = Logger.getLogger(RequestDeadlines.class.getName());

  private static final Attribute<Boolean> UPGRADED =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(
          RequestDeadlines.class.getName() + ".upgraded");

  private final long timeoutNanos;

  /** Names the listener in the log line, from its first connection's local port. */
  private volatile String listener;

  private final Map<Connection<?>, Long> waiting = new ConcurrentHashMap<>();
  private final CloseListener<Closeable, ICloseType> forget =
      (closeable, type) -> waiting.remove(closeable);
  private final ScheduledExecutorService sweeper;
  private long closedSinceReport;
  private long lastReport;

  RequestDeadlines(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the request timeout must be positive, got " + timeout);
    }
    this.timeoutNanos = timeout.toNanos();
    this.lastReport = System.nanoTime() - REPORT_EVERY.toNanos();
    this.sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "devstreams-request-deadlines");
              t.setDaemon(true);
              return t;
            });
    sweeper.scheduleWithFixedDelay(
        this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A new connection: its first request, TLS handshake included, must be done in time. */
  void accepted(Connection<?> connection) {
    if (listener == null && connection.getLocalAddress() instanceof InetSocketAddress local) {
      listener = "the listener on port " + local.getPort();
    }
    connection.addCloseListener(forget);
    waiting.put(connection, System.nanoTime() + timeoutNanos);
  }

  /** Bytes arrived: if they begin a request, its clock starts now. */
  void bytesArrived(Connection<?> connection) {
    if (!Boolean.TRUE.equals(UPGRADED.get(connection))) {
      waiting.putIfAbsent(connection, System.nanoTime() + timeoutNanos);
    }
  }

  /** The request has arrived in full; the connection may now idle until its next one. */
  void requestComplete(Connection<?> connection) {
    waiting.remove(connection);
  }

  /** The hub answered 101: the connection now carries WebSocket frames or stream bytes. */
  void upgraded(Connection<?> connection) {
    UPGRADED.set(connection, Boolean.TRUE);
    waiting.remove(connection);
  }

  /** How many connections are in the middle of a request. */
  int waiting() {
    return waiting.size();
  }

  void close() {
    sweeper.shutdownNow();
  }

  private void sweep() {
    try {
      long now = System.nanoTime();
      int closed = 0;
      for (Map.Entry<Connection<?>, Long> e : waiting.entrySet()) {
        if (now - e.getValue() >= 0 && waiting.remove(e.getKey(), e.getValue())) {
          e.getKey().closeSilently();
          closed++;
        }
      }
      report(closed, now);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "request deadline sweep failed; it runs again", e);
    }
  }

  /** One line at most every {@link #REPORT_EVERY}: a slowloris attack must not flood the log. */
  private void report(int closed, long now) {
    closedSinceReport += closed;
    if (closedSinceReport > 0 && now - lastReport >= REPORT_EVERY.toNanos()) {
      LOG.info(
          String.format(
              "%s: closed %d connection(s) whose request was not complete %d s after it began"
                  + " (devstreams.http.request-timeout-seconds)",
              listener == null ? "a listener" : listener,
              closedSinceReport,
              Duration.ofNanos(timeoutNanos).toSeconds()));
      closedSinceReport = 0;
      lastReport = now;
    }
  }
}
