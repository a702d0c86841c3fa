package io.devstreams.protocol.mux;

import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.tunnel.ConnectionFailures;
import io.devstreams.protocol.tunnel.StreamResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Bridges a {@link MuxStream} to a local socket channel without a thread of its own (see {@link
 * LocalSockets}).
 *
 * <p>Sending: when the socket is readable, the connection's {@link LocalSockets} thread takes what
 * credit the hub's windows allow, reads at most that, and sends it as one {@code DATA} frame; with
 * no credit it stops reading the socket until credit comes (so the socket's end, too, is seen only
 * then, as a blocked writer's was). The socket's end becomes {@code FIN}.
 *
 * <p>Receiving: the connection's reader writes received data to the socket at once if the socket
 * takes it, and grants it again; what the socket cannot take waits here (at most the window this
 * side granted) and the {@link LocalSockets} thread writes it when the socket is writable, so a
 * local reader that stops holds back only its own stream. The other side's {@code FIN} half-closes
 * the socket once everything before it is written.
 *
 * <p>As with {@link StreamBridge}: any end of the stream other than a normal one closes the socket
 * at once, and a local failure closes the stream with 1001 and the reason.
 */
final class SocketBridge implements MuxStream.Sink {

  private final MuxStream stream;
  private final MuxSession session;
  private final SocketChannel channel;
  private final LocalSockets sockets;
  private final CompletableFuture<Void> written = new CompletableFuture<>();

  // The LocalSockets thread only.
  private SelectionKey key;
  private boolean reading = true;
  private boolean writing;

  // Guarded by this: what the socket has not taken yet, and how its output ends.
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
  private boolean finPending;
  private boolean outputDone;

  private SocketBridge(
      MuxStream stream, MuxSession session, SocketChannel channel, LocalSockets sockets) {
    this.stream = stream;
    this.session = session;
    this.channel = channel;
    this.sockets = sockets;
  }

  static CompletableFuture<StreamResult> start(
      MuxStream stream, MuxSession session, SocketChannel channel) throws IOException {
    LocalSockets sockets = session.localSockets();
    channel.configureBlocking(false);
    SocketBridge bridge = new SocketBridge(stream, session, channel, sockets);
    sockets.execute(bridge::register);
    synchronized (bridge) {
      stream.attach(bridge);
    }
    stream.result().whenComplete((result, e) -> bridge.streamEnded(result));
    // A normal end closes the socket once everything received is written to it.
    return stream
        .result()
        .thenCombine(
            bridge.written,
            (result, done) -> {
              bridge.closeLocal();
              return result;
            });
  }

  // The LocalSockets thread.

  private void register() {
    try {
      key = channel.register(sockets.selector(), interest(), this);
    } catch (IOException | java.nio.channels.ClosedSelectorException e) {
      // The socket was closed by the stream's end, the connection ended first (the stream has
      // ended either way), or the thread failed just before (it has not).
      abandon();
      failed("the thread of the local sockets stopped");
    }
  }

  /** The socket has bytes (or its end, or an error): send what the windows allow. */
  void readable(ByteBuffer buffer) {
    int credit = session.tryAcquire(stream, buffer.capacity(), this::creditCame);
    if (credit <= 0) {
      reading = false; // no credit (creditCame resumes) or the stream may send no more
      updateInterest();
      return;
    }
    buffer.clear().limit(credit);
    int n;
    try {
      n = channel.read(buffer);
    } catch (IOException e) {
      session.giveBack(stream, credit);
      stopReading();
      localFailed(e);
      return;
    }
    session.giveBack(stream, credit - Math.max(n, 0));
    if (n < 0) {
      stopReading();
      try {
        stream.output().close(); // FIN
      } catch (IOException e) {
        // the connection is lost: the session ended the stream with the reason
      }
      return;
    }
    if (n > 0) {
      try {
        session.sendData(stream.number(), buffer.array(), 0, n);
        stream.countSent(n);
      } catch (IOException e) {
        // the connection is lost: the session ended every stream on it with the reason
        stopReading();
      }
    }
  }

  /** The socket takes bytes again: write what waits. */
  void writable() {
    long done = 0;
    boolean finish = false;
    IOException failure = null;
    synchronized (this) {
      while (!pending.isEmpty()) {
        ByteBuffer next = pending.peek();
        try {
          done += channel.write(next);
        } catch (IOException e) {
          failure = e;
          break;
        }
        if (next.hasRemaining()) {
          break;
        }
        pending.poll();
      }
      if (pending.isEmpty() || failure != null) {
        writing = false;
        finish = failure == null && finPending;
      }
    }
    updateInterest();
    consumed(done);
    if (failure != null) {
      writeFailed(failure);
    } else if (finish) {
      finishOutput();
    }
  }

  private void creditCame() {
    sockets.execute(
        () -> {
          if (!reading && !stream.hasEnded()) {
            reading = true;
            updateInterest();
          }
        });
  }

  private void stopReading() {
    reading = false;
    updateInterest();
  }

  private int interest() {
    return (reading ? SelectionKey.OP_READ : 0) | (writing ? SelectionKey.OP_WRITE : 0);
  }

  private void updateInterest() {
    if (key != null && key.isValid()) {
      key.interestOps(interest());
    }
  }

  /** Closes the socket; on this thread, so that the selector releases it at once. */
  void abandon() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing is best effort: the stream is over
    }
    int left;
    synchronized (this) {
      left = dropPending();
      outputDone = true;
    }
    stream.dropped(left);
    written.complete(null);
  }

  // The connection's reader (or the thread that attached this).

  @Override
  public void data(byte[] data, int offset, int length) {
    int done = 0;
    IOException failure = null;
    boolean wantWrite = false;
    synchronized (this) {
      if (outputDone) {
        done = -1;
      } else if (pending.isEmpty()) {
        try {
          done = channel.write(ByteBuffer.wrap(data, offset, length));
        } catch (IOException e) {
          failure = e;
        }
        if (failure == null && done < length) {
          pending.add(copy(data, offset + done, length - done));
          wantWrite = true;
        }
      } else {
        pending.add(copy(data, offset, length));
      }
    }
    if (done < 0 || failure != null) {
      stream.dropped(length);
    } else {
      consumed(done);
    }
    if (failure != null) {
      writeFailed(failure);
    } else if (wantWrite) {
      sockets.execute(
          () -> {
            writing = true;
            updateInterest();
          });
    }
  }

  @Override
  public void fin() {
    synchronized (this) {
      if (outputDone) {
        return;
      }
      if (!pending.isEmpty()) {
        finPending = true; // writable() finishes once the rest is written
        return;
      }
    }
    finishOutput();
  }

  // Any thread.

  private void finishOutput() {
    synchronized (this) {
      if (outputDone) {
        return;
      }
      outputDone = true;
    }
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      // the socket is closing anyway
    }
    stream.inputWritten();
    written.complete(null);
  }

  private void streamEnded(StreamResult result) {
    if (result != null && result.closeCode() == CloseCodes.NORMAL) {
      boolean finish;
      synchronized (this) {
        finish = pending.isEmpty();
        finPending = true;
      }
      if (finish) {
        finishOutput(); // else writable() does, once the rest is written
      }
      return;
    }
    closeLocal();
  }

  private void closeLocal() {
    if (sockets.inThread()) {
      abandon();
    } else {
      sockets.execute(this::abandon);
    }
  }

  private void consumed(long n) {
    if (n > 0) {
      stream.consumed((int) n);
    }
  }

  private void writeFailed(IOException e) {
    int left;
    synchronized (this) {
      left = dropPending();
      outputDone = true;
    }
    stream.dropped(left);
    localFailed(e);
    written.complete(null);
  }

  private void localFailed(IOException e) {
    failed(ConnectionFailures.describe(e));
  }

  /** Closes the stream with 1001 and {@code why}, unless it has ended. */
  void failed(String why) {
    if (!stream.hasEnded()) {
      stream.close(CloseCodes.GOING_AWAY, "local connection failed: " + why);
    }
  }

  /** Drops what waits to be written; returns how much. Holds this. */
  private int dropPending() {
    int total = 0;
    for (ByteBuffer b : pending) {
      total += b.remaining();
    }
    pending.clear();
    return total;
  }

  private static ByteBuffer copy(byte[] data, int offset, int length) {
    byte[] copy = new byte[length];
    System.arraycopy(data, offset, copy, 0, length);
    return ByteBuffer.wrap(copy);
  }
}
