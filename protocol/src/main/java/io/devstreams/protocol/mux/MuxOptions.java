package io.devstreams.protocol.mux;

import io.devstreams.protocol.tunnel.Heartbeat;
import java.time.Duration;
import java.util.Objects;

/**
 * How a client runs a v2 connection: the windows it grants the hub and its heartbeat.
 *
 * @param streamWindow bytes the hub may send on one stream before the client grants more
 * @param connectionWindow bytes the hub may send on all streams together before the client grants
 *     more; bounds the client's buffered data
 * @param heartbeat when to ping a silent hub and when to give the connection up
 * @param handshakeTimeout how long connecting (TCP, proxy, TLS, upgrade) may take
 */
public record MuxOptions(
    long streamWindow, long connectionWindow, Heartbeat heartbeat, Duration handshakeTimeout) {

  /**
   * 4 MiB a stream: the bandwidth-delay product of 100 Mbit/s at 300 ms or 1 Gbit/s at 30 ms, so a
   * single stream is not held to a fraction of its link (frp's yamux at 256 KiB held users to a
   * tenth of theirs); memory is bounded by the connection window, not by this.
   */
  public static final long DEFAULT_STREAM_WINDOW = 4L << 20;

  /** 16 MiB for all streams of a connection together: what a client buffers at most. */
  public static final long DEFAULT_CONNECTION_WINDOW = 16L << 20;

  /** The defaults: 4 MiB and 16 MiB windows, the default heartbeat, 30 s to connect. */
  public static final MuxOptions DEFAULT =
      new MuxOptions(
          DEFAULT_STREAM_WINDOW,
          DEFAULT_CONNECTION_WINDOW,
          Heartbeat.DEFAULT,
          Duration.ofSeconds(30));

  /** Checks the windows and durations. */
  public MuxOptions {
    OpenRequest.checkWindow(streamWindow);
    OpenRequest.checkWindow(connectionWindow);
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshake timeout must be positive");
    }
  }

  /** Returns a copy with another heartbeat. */
  public MuxOptions withHeartbeat(Heartbeat other) {
    return new MuxOptions(streamWindow, connectionWindow, other, handshakeTimeout);
  }

  /** Returns a copy with another handshake timeout. */
  public MuxOptions withHandshakeTimeout(Duration timeout) {
    return new MuxOptions(streamWindow, connectionWindow, heartbeat, timeout);
  }

  /** Returns a copy with other windows. */
  public MuxOptions withWindows(long stream, long connection) {
    return new MuxOptions(stream, connection, heartbeat, handshakeTimeout);
  }
}
