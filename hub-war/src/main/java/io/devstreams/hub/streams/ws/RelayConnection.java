package io.devstreams.hub.streams.ws;

import io.devstreams.hub.streams.Outflow;
import io.devstreams.hub.streams.Side;
import io.devstreams.hub.streams.StreamPairing;
import io.devstreams.hub.streams.StreamPeer;
import io.devstreams.hub.ws.CloseFrame;
import io.devstreams.hub.ws.ConnectionCloser;
import io.devstreams.hub.ws.ContainerListeners;
import io.devstreams.hub.ws.FrameException;
import io.devstreams.hub.ws.SerialTask;
import io.devstreams.protocol.CloseCodes;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One side of a stream after the upgrade (protocol v1: one WebSocket per side): relays its client's
 * frames to the partner, whatever the partner is, and is the broker's {@link StreamPeer} for that
 * side.
 *
 * <p>Each connection does its own I/O only, in one {@link SerialTask} that every event signals: the
 * container's read, write and error callbacks (which arrive on different threads), the partner's
 * "bytes offered" and "bytes taken", and the broker's requests. Bytes cross to the partner only
 * through this side's {@link Handoff}, the {@link Outflow} it offers, and come from the partner's
 * {@link Outflow}: a side is read only once its previous piece was taken by the partner.
 */
public final class RelayConnection implements HttpUpgradeHandler, StreamPeer {

  private static final System.Logger LOG = System.getLogger(RelayConnection.class.getName());
  private static final AtomicReferenceFieldUpdater<RelayConnection, CloseFrame> CLOSE =
      AtomicReferenceFieldUpdater.newUpdater(
          RelayConnection.class, CloseFrame.class, "closeRequest");

  private final SerialTask task = new SerialTask(this::pump);
  private final Inbound.Events events = new ClientEvents();
  private StreamPairing pairing;
  private Executor closer;
  private String streamId;
  private Side side;
  private WebConnection connection;
  private volatile Inbound inbound;
  private volatile Outbound outbound;
  private volatile StreamPeer partner;
  private volatile CloseFrame closeRequest;
  private volatile boolean abortRequested;
  private volatile boolean outputFailed;
  private volatile boolean destroyed;
  private volatile boolean closed;
  private boolean ended;

  /** Created by the container in {@code HttpServletRequest.upgrade}. */
  public RelayConnection() {}

  /**
   * Names the stream and side, and where to close the connection (see {@link ConnectionCloser});
   * called by the filter after the upgrade, before {@link #init}.
   */
  void bind(StreamPairing streamPairing, Executor connectionCloser, String id, Side joinedSide) {
    this.pairing = streamPairing;
    this.closer = connectionCloser;
    this.streamId = id;
    this.side = joinedSide;
  }

  @Override
  public void init(WebConnection webConnection) {
    connection = webConnection;
    try {
      ServletInputStream in = webConnection.getInputStream();
      ServletOutputStream out = webConnection.getOutputStream();
      inbound = new Inbound(in, events, task::signal);
      outbound = new Outbound(out);
      in.setReadListener(ContainerListeners.reading(task::signal, this::inputEnded));
      out.setWriteListener(ContainerListeners.writing(task::signal, this::outputFailed));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "stream " + streamId + ": could not start the relay", e);
      closed = true;
      closeConnection();
      return;
    }
    pairing.join(streamId, side, this);
  }

  @Override
  public void destroy() {
    destroyed = true;
    task.signal();
  }

  @Override
  public void paired(StreamPeer other) {
    partner = other;
    task.signal();
  }

  @Override
  public Outflow outflow() {
    return inbound.outgoing;
  }

  @Override
  public void wake() {
    task.signal();
  }

  @Override
  public void close(int code, String reason) {
    if (CLOSE.compareAndSet(this, null, new CloseFrame(code, reason))) {
      task.signal();
    }
  }

  @Override
  public void abort() {
    abortRequested = true;
    task.signal();
  }

  @Override
  public void ping() {
    outbound.ping();
    task.signal();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public long bytesHeard() {
    return inbound.bytesHeard();
  }

  @Override
  public boolean heldBack() {
    return inbound.heldBack();
  }

  @Override
  public long bytesRelayed() {
    return inbound.bytesRelayed();
  }

  @Override
  public long bytesBuffered() {
    return inbound.bytesBuffered();
  }

  /**
   * The connection's one task: write what the client can take, read what the partner can take,
   * until neither moves; then close if the connection is done. Never blocks.
   */
  private void pump() {
    if (closed) {
      return;
    }
    try {
      do {
        if (finishIfDone()) {
          return;
        }
      } while (outbound.step(incoming(), closeRequest) | inbound.step(mode()));
      finishIfDone();
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.DEBUG, "stream {0}: {1} side I/O failed: {2}", streamId, side, e);
      lost("the " + side.label() + " side's connection failed");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "stream " + streamId + ": relay failed", e);
      endStream(CloseCodes.HUB_ERROR, "hub error");
      terminate();
    }
  }

  private Inbound.Mode mode() {
    if (closeRequest != null) {
      return Inbound.Mode.DRAIN;
    }
    return partner == null ? Inbound.Mode.WAIT : Inbound.Mode.RELAY;
  }

  private boolean finishIfDone() {
    if (closed) {
      return true;
    }
    if (destroyed || outputFailed) {
      lost("the " + side.label() + " side's connection was lost");
    } else if (abortRequested
        || (inbound.isDone() && (closeRequest == null || outbound.isCloseFlushed()))) {
      terminate();
    }
    return closed;
  }

  private void lost(String reason) {
    endStream(CloseCodes.PEER_CLOSED, reason);
    terminate();
  }

  private void endStream(int partnerCode, String reason) {
    if (!ended) {
      ended = true;
      pairing.end(streamId, side, partnerCode, reason);
    }
  }

  private void terminate() {
    closed = true;
    endStream(CloseCodes.PEER_CLOSED, "the " + side.label() + " side went away");
    inbound.stopRelaying();
    signalPartner();
    closeConnection();
  }

  /** Closes the connection off the current (container) thread: see {@link ConnectionCloser}. */
  private void closeConnection() {
    closer.execute(
        () -> {
          try {
            connection.close();
          } catch (Exception e) {
            LOG.log(Level.DEBUG, "stream {0}: closing the {1} side: {2}", streamId, side, e);
          }
        });
  }

  private void inputEnded() {
    inbound.endSignalled();
    task.signal();
  }

  private void outputFailed() {
    outputFailed = true;
    task.signal();
  }

  private Outflow incoming() {
    StreamPeer other = partner;
    return other == null ? null : other.outflow();
  }

  private void signalPartner() {
    StreamPeer other = partner;
    if (other != null) {
      other.wake();
    }
  }

  /** Reacts to what the client sent; runs inside the task. */
  private final class ClientEvents implements Inbound.Events {

    @Override
    public void published() {
      signalPartner();
    }

    @Override
    public void ping(byte[] payload) {
      outbound.pong(payload);
    }

    @Override
    public void closeReceived(CloseFrame frame) {
      close(frame.code(), "");
      String reason = frame.reason().isEmpty() ? "" : ": " + frame.reason();
      int code = frame.code() == CloseFrame.NO_STATUS ? CloseCodes.NORMAL : frame.code();
      endStream(code, "the " + side.label() + " side closed" + reason);
    }

    @Override
    public void protocolError(FrameException e) {
      LOG.log(
          Level.INFO,
          "stream {0}: the {1} side broke the protocol: {2}",
          streamId,
          side.label(),
          e.getMessage());
      close(e.closeCode(), e.getMessage());
      endStream(
          CloseCodes.PEER_CLOSED,
          "the " + side.label() + " side broke the protocol: " + e.getMessage());
    }

    @Override
    public void ended() {
      endStream(
          CloseCodes.PEER_CLOSED, "the " + side.label() + " side disconnected without closing");
    }
  }
}
