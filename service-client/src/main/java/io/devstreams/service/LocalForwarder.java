package io.devstreams.service;

import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.tunnel.DaemonThreadFactory;
import io.devstreams.protocol.tunnel.StreamResult;
import io.devstreams.protocol.tunnel.TunnelStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service-side local proxy: listens on a local TCP address and gives every accepted connection
 * its own stream to one service of one device, many at once: over one v2 connection to the hub
 * ({@link MuxStreams}) or a connection per stream (v1).
 *
 * <p>Each connection is set up on its own worker thread and then carried by its {@link
 * TunnelStream} (a v2 stream: on its connection's one socket thread; v1: two threads of its own); a
 * slow or failing one never holds back another. A connection whose stream cannot be had (device
 * offline, rejected, unknown) is closed and reported to the {@link Listener}, and the forwarder
 * goes on. {@link #close()} stops listening and ends the open streams with 1001.
 */
public final class LocalForwarder implements AutoCloseable {

  /** Close reason sent on open streams when the forwarder stops. */
  public static final String STOPPING = "forwarder stopping";

  private static final int BACKLOG = 128;

  private final StreamOpener opener;
  private final StreamTarget target;
  private final Listener listener;
  private final ServerSocket server;
  private final ExecutorService workers =
      Executors.newCachedThreadPool(new DaemonThreadFactory("devstreams-forward"));
  private final Map<Long, TunnelStream> active = new ConcurrentHashMap<>();
  private final Set<Socket> waiting = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean acceptEnded;
  private volatile boolean closed;

  /**
   * One accepted local connection.
   *
   * @param number its number, from 1 in order of acceptance
   * @param client the local client's address
   */
  public record Connection(long number, InetSocketAddress client) {}

  /**
   * Hears what happens to each connection; called on the connection's threads, so implementations
   * must be thread-safe, quick, and must not throw.
   */
  public interface Listener {
    /** The connection's stream is open and about to be bridged. */
    default void opened(Connection connection, TunnelStream channel) {}

    /** The connection's stream ended after {@code duration}, as {@code result} says. */
    default void closed(Connection connection, StreamResult result, Duration duration) {}

    /** No stream could be had for the connection, which was closed. */
    default void failed(Connection connection, RuntimeException failure) {}
  }

  private LocalForwarder(
      StreamOpener opener, StreamTarget target, Listener listener, ServerSocket server) {
    this.opener = opener;
    this.target = target;
    this.listener = listener;
    this.server = server;
  }

  /**
   * Listens on {@code local} (port 0: any free port) and starts accepting connections.
   *
   * @throws IOException if the address cannot be listened on (for example the port is in use)
   */
  public static LocalForwarder start(
      ServiceClient client, StreamTarget target, InetSocketAddress local, Listener listener)
      throws IOException {
    return start(client.perStreamConnections(), target, local, listener);
  }

  /**
   * Listens on {@code local} (port 0: any free port) and opens a stream through {@code opener} for
   * every accepted connection (one v2 connection for all of them with {@link MuxStreams}).
   *
   * @throws IOException if the address cannot be listened on (for example the port is in use)
   */
  public static LocalForwarder start(
      StreamOpener opener, StreamTarget target, InetSocketAddress local, Listener listener)
      throws IOException {
    Objects.requireNonNull(opener, "opener");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(listener, "listener");
    // A channel's server socket accepts channels' sockets: a v2 stream then bridges each on its
    // connection's one socket thread.
    ServerSocket server = ServerSocketChannel.open().socket();
    try {
      server.bind(local, BACKLOG);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    LocalForwarder forwarder = new LocalForwarder(opener, target, listener, server);
    DaemonThreadFactory.named("devstreams-forward-accept", forwarder::acceptLoop).start();
    return forwarder;
  }

  /** Returns the address listened on, with the actual port. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** Returns what the forwarder connects to. */
  public StreamTarget target() {
    return target;
  }

  /** Returns the number of connections being set up or carried now. */
  public int connections() {
    return inFlight.get();
  }

  /**
   * Returns a future that completes once the forwarder stopped listening and every connection has
   * ended; it completes exceptionally if accepting failed (the forwarder is then closed).
   */
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  /**
   * Stops listening, closes connections still waiting for a stream and ends open streams with 1001
   * ({@value #STOPPING}); returns at once, see {@link #stopped()}. Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // the listening socket is unusable either way; accepting has ended
    }
    waiting.forEach(LocalForwarder::closeQuietly);
    active.values().forEach(channel -> channel.close(CloseCodes.GOING_AWAY, STOPPING));
  }

  private void acceptLoop() {
    IOException failure = null;
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        failure = closed ? null : e;
        break;
      }
      inFlight.incrementAndGet();
      Connection connection =
          new Connection(
              accepted.incrementAndGet(), (InetSocketAddress) socket.getRemoteSocketAddress());
      waiting.add(socket);
      workers.execute(() -> serve(connection, socket));
    }
    if (failure != null) {
      close();
      stopped.completeExceptionally(
          new IOException(
              "cannot accept connections on " + localAddress() + ": " + failure.getMessage(),
              failure));
    }
    workers.shutdown(); // the accept loop is the only submitter: nothing is rejected
    acceptEnded = true;
    checkStopped();
  }

  private void serve(Connection connection, Socket socket) {
    long start = System.nanoTime();
    TunnelStream channel;
    try {
      socket.setTcpNoDelay(true);
      channel = opener.open(target);
    } catch (IOException | RuntimeException e) {
      waiting.remove(socket);
      closeQuietly(socket);
      try {
        listener.failed(
            connection,
            e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e));
      } finally {
        ended();
      }
      return;
    }
    waiting.remove(socket);
    active.put(connection.number(), channel);
    if (closed || socket.isClosed()) {
      channel.close(CloseCodes.GOING_AWAY, STOPPING);
      closeQuietly(socket);
      active.remove(connection.number());
      ended();
      return;
    }
    listener.opened(connection, channel);
    channel
        .bridge(socket)
        .whenComplete(
            (result, e) -> {
              active.remove(connection.number());
              try {
                listener.closed(connection, result, Duration.ofNanos(System.nanoTime() - start));
              } finally {
                ended();
              }
            });
  }

  /** Called once per connection, when it is over. */
  private void ended() {
    inFlight.decrementAndGet();
    checkStopped();
  }

  private void checkStopped() {
    if (acceptEnded && inFlight.get() == 0) {
      stopped.complete(null);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is best effort: the connection is being given up
    }
  }
}
