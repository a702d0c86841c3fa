package io.devstreams.grizzly;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ssl.SSLConnectionContext;
import org.glassfish.grizzly.ssl.SSLUtils;

/**
 * Lets go of the TLS output buffer that Grizzly keeps for every connection after its last write.
 *
 * <p>Grizzly's {@code SSLConnectionContext} remembers the buffer of its latest TLS wrap in a
 * private field, {@code lastOutputBuffer}, so that a write which has to wait in the connection's
 * queue can be copied out of it. It never clears the field when the write is done, so an idle
 * connection pins one whole TLS packet buffer (16.7 KB) until it writes again. For a hub with
 * thousands of idle device channels that was the largest single item of its heap per device (see
 * docs/performance.md).
 *
 * <p>A connection that wrote is noted by {@link #wrote}; a sweep at most {@link #SWEEP} later
 * clears the field, holding the connection's monitor: Grizzly's SSL filter holds the same monitor
 * from the wrap to the hand-over of the write, which is the only time the field is read, so it is
 * never cleared in between. Those holds are short (Payara's transport never blocks in a write). The
 * field is Grizzly's own: where it is missing (another Grizzly), nothing is released and one line
 * says so.
 */
final class KeptTlsBuffers {
  /** How long at most a written connection keeps the buffer of its last write. */
  static final Duration SWEEP = Duration.ofMillis(250);

  private static final Logger LOG = Logger.getLogger(KeptTlsBuffers.class.getName());

  /**
   * {@code SSLConnectionContext.lastOutputBuffer}, or null where this Grizzly has no such field.
   */
  private static final VarHandle LAST_OUTPUT_BUFFER = lastOutputBuffer();

  private final Set<Connection<?>> wrote = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService sweeper;

  KeptTlsBuffers() {
    sweeper =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "devstreams-tls-buffers");
              t.setDaemon(true);
              return t;
            });
    if (LAST_OUTPUT_BUFFER != null) {
      sweeper.scheduleWithFixedDelay(
          this::sweep, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** The connection is writing: release what its TLS layer keeps once the sweep comes by. */
  void wrote(Connection<?> connection) {
    if (LAST_OUTPUT_BUFFER != null) {
      wrote.add(connection);
    }
  }

  /** How many connections wait for the sweep (for tests). */
  int pending() {
    return wrote.size();
  }

  void close() {
    sweeper.shutdownNow();
  }

  /**
   * Clears the connection's kept TLS output buffer; returns whether there was one. A connection
   * without TLS, or a Grizzly without the field, has none.
   */
  static boolean release(Connection<?> connection) {
    SSLConnectionContext tls = SSLUtils.getSslConnectionContext(connection);
    if (LAST_OUTPUT_BUFFER == null || tls == null) {
      return false;
    }
    // Grizzly's SSL filter holds this monitor from the wrap to the hand-over of the write.
    synchronized (connection) {
      return (Buffer) LAST_OUTPUT_BUFFER.getAndSet(tls, (Buffer) null) != null;
    }
  }

  /** The buffer the connection's TLS layer keeps now, or null (for tests). */
  static Buffer kept(Connection<?> connection) {
    SSLConnectionContext tls = SSLUtils.getSslConnectionContext(connection);
    if (LAST_OUTPUT_BUFFER == null || tls == null) {
      return null;
    }
    synchronized (connection) {
      return (Buffer) LAST_OUTPUT_BUFFER.get(tls);
    }
  }

  /** Whether this Grizzly has the field this class clears. */
  static boolean supported() {
    return LAST_OUTPUT_BUFFER != null;
  }

  private void sweep() {
    try {
      for (Connection<?> connection : wrote) {
        wrote.remove(connection);
        if (connection.isOpen()) {
          release(connection);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "releasing kept TLS buffers failed; the sweep runs again", e);
    }
  }

  private static VarHandle lastOutputBuffer() {
    try {
      return MethodHandles.privateLookupIn(SSLConnectionContext.class, MethodHandles.lookup())
          .findVarHandle(SSLConnectionContext.class, "lastOutputBuffer", Buffer.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.info(
          "this Grizzly keeps its TLS output buffers in another way ("
              + e
              + "): each idle connection keeps one, about 17 KB");
      return null;
    }
  }
}
