package io.devstreams.protocol.tunnel;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/**
 * One open stream as the local proxies use it, whatever carries it: a v1 stream (a WebSocket of its
 * own, {@link StreamChannel}) or a v2 stream (one of many on a connection, {@link
 * io.devstreams.protocol.mux.MuxStream}). Bridged to a socket or to standard input and output, it
 * moves bytes both ways with flow control and half-close, and ends with a {@link StreamResult}.
 */
public interface TunnelStream {

  /** Returns the hub's id of the stream, as {@code GET /streams} and the history name it. */
  String id();

  /**
   * Bridges the stream to a connected socket, which the stream now owns and closes at the end.
   *
   * @throws IllegalStateException if the stream was bridged before
   */
  CompletableFuture<StreamResult> bridge(Socket socket);

  /**
   * Bridges the stream to an input and an output stream (for stdio): {@code shutdownOutput} runs
   * when the other side half-closes, after everything before it was written and flushed.
   *
   * @throws IllegalStateException if the stream was bridged before
   */
  CompletableFuture<StreamResult> bridge(InputStream in, OutputStream out, Runnable shutdownOutput);

  /**
   * Connects the stream to the application as an input and an output stream, with the same flow
   * control and half-close as a bridge; see {@link StreamConnection}.
   *
   * @throws IllegalStateException if the stream was bridged or connected before
   */
  StreamConnection connect();

  /**
   * Ends the stream now, both directions, with this close code and reason; does nothing once the
   * stream is ending.
   */
  void close(int code, String reason);

  /** Returns the future that completes (never exceptionally) when the stream has ended. */
  CompletableFuture<StreamResult> result();

  /** Returns the bytes sent on the stream so far. */
  long bytesSent();

  /** Returns the bytes received from the stream so far. */
  long bytesReceived();
}
