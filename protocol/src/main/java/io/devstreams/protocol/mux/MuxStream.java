package io.devstreams.protocol.mux;

import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.tunnel.StreamConnection;
import io.devstreams.protocol.tunnel.StreamResult;
import io.devstreams.protocol.tunnel.TunnelStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream of a {@link MuxSession}: an {@link InputStream} of the bytes the hub relays, an {@link
 * OutputStream} whose writes become {@code DATA} frames within the hub's windows, {@code FIN} when
 * the output is closed, and {@link #close(int, String)} for {@code CLOSE}.
 *
 * <p>Received data waits here, at most the window this side granted; the window is granted again as
 * the application reads, so a reader that stops holds back only its own stream. A stream is over
 * when both directions sent {@code FIN} and the input was read to its end (1000), or when either
 * side sent {@code CLOSE}; {@link #result()} then completes.
 */
public final class MuxStream implements TunnelStream, AutoCloseable {

  private final MuxSession session;
  private final int id;
  private final long receiveWindow;
  private final AtomicLong receiveRemaining;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final CompletableFuture<StreamResult> result = new CompletableFuture<>();
  private final Input input = new Input();
  private final Output output = new Output();
  private final AtomicBoolean bridged = new AtomicBoolean();

  // Received side, guarded by this.
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private Sink sink;
  private boolean remoteFin;
  private boolean inputDone;
  private long unacknowledged;

  // Send side, guarded by the session's credit lock.
  long sendWindow;
  boolean finSent;

  // Either, guarded by this.
  private StreamClose ended;
  private volatile String hubStreamId;

  MuxStream(MuxSession session, int id, long receiveWindow) {
    this.session = session;
    this.id = id;
    this.receiveWindow = receiveWindow;
    this.receiveRemaining = new AtomicLong(receiveWindow);
  }

  /** Returns the stream's number on this connection. */
  public int number() {
    return id;
  }

  /** Returns the hub's id of the stream (as {@code GET /streams} lists it), or null if unknown. */
  public String hubStreamId() {
    return hubStreamId;
  }

  @Override
  public String id() {
    String hub = hubStreamId;
    return hub != null ? hub : "#" + id;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A socket that has a channel (from {@link java.nio.channels.SocketChannel} or {@link
   * java.nio.channels.ServerSocketChannel}) joins the connection's {@link LocalSockets}, with no
   * thread of its own; any other gets two threads ({@link StreamBridge}).
   */
  @Override
  public CompletableFuture<StreamResult> bridge(Socket socket) {
    claimBridge();
    try {
      return socket.getChannel() != null
          ? SocketBridge.start(this, session, socket.getChannel())
          : StreamBridge.start(this, socket);
    } catch (IOException e) {
      close(CloseCodes.GOING_AWAY, "local connection failed: " + e.getMessage());
      return result;
    }
  }

  @Override
  public CompletableFuture<StreamResult> bridge(
      InputStream in, OutputStream out, Runnable shutdownOutput) {
    claimBridge();
    return StreamBridge.start(this, in, out, shutdownOutput);
  }

  @Override
  public StreamConnection connect() {
    claimBridge();
    return new StreamConnection(input, output, result, this::close);
  }

  private void claimBridge() {
    if (!bridged.compareAndSet(false, true)) {
      throw new IllegalStateException("stream " + id() + " is already bridged");
    }
  }

  /** Returns the bytes the hub relayed to this side so far. */
  @Override
  public long bytesReceived() {
    return received.get();
  }

  /** Returns the bytes sent on the stream so far. */
  @Override
  public long bytesSent() {
    return sent.get();
  }

  /**
   * Returns the bytes from the other side: reads block until some arrive, return -1 after its
   * {@code FIN} (or a close with 1000) once everything before it was read, and throw an {@link
   * IOException} naming the code and reason after any other end.
   */
  public InputStream input() {
    return input;
  }

  /**
   * Returns the output: each write is sent before it returns, in frames of at most 64 KiB, waiting
   * while the windows are used up; {@code close()} sends {@code FIN} and leaves the input open.
   */
  public OutputStream output() {
    return output;
  }

  /** Returns the future that completes (never exceptionally) when the stream has ended. */
  @Override
  public CompletableFuture<StreamResult> result() {
    return result;
  }

  /** Ends the stream now with 1000 and no reason; see {@link #close(int, String)}. */
  @Override
  public void close() {
    close(CloseCodes.NORMAL, "");
  }

  /**
   * Ends the stream at once, both ways, sending {@code CLOSE} with {@code code} and {@code reason}
   * unless it has ended already; unread data is dropped.
   */
  @Override
  public void close(int code, String reason) {
    if (end(new StreamClose(code, reason), null)) {
      session.sendClose(id, code, reason);
    }
  }

  /**
   * Takes the next received bytes without copying them, waiting until there are some; returns null
   * at the end of the input. Call {@link #consumed(int)} once they are used.
   */
  byte[] nextChunk() throws IOException {
    synchronized (this) {
      while (chunks.isEmpty()) {
        if (remoteFin || (ended != null && ended.code() == CloseCodes.NORMAL)) {
          inputDone = true;
          break;
        }
        if (ended != null) {
          throw endedException();
        }
        waitHere();
      }
      if (!inputDone) {
        return chunks.poll();
      }
    }
    // Outside this stream's monitor: the session's lock comes first (a writer sending FIN holds it
    // and asks whether the stream ended), and taking them the other way round deadlocked a stream
    // whose two ends half-closed at once, and with it the whole connection.
    finishIfDone();
    return null;
  }

  /** The application used {@code n} received bytes: grant them again when enough have gathered. */
  void consumed(int n) {
    long grant = 0;
    synchronized (this) {
      unacknowledged += n;
      if (unacknowledged >= Math.max(1, receiveWindow / 4) && ended == null && !remoteFin) {
        grant = unacknowledged;
        unacknowledged = 0;
      }
    }
    if (grant > 0) {
      receiveRemaining.addAndGet(grant);
      session.sendWindow(id, grant);
    }
    session.consumed(n);
  }

  // Called by the session's reader.

  void opened(long window, String streamId) {
    hubStreamId = streamId;
    session.addCredit(this, window);
  }

  /** What became of received data. */
  enum Receipt {
    /** Kept for the application, which grants it again as it reads. */
    KEPT,
    /** Dropped: the application will not read it (the stream is ending). */
    DROPPED,
    /** Refused: it went past the window this side granted. */
    PAST_WINDOW
  }

  Receipt received(byte[] data, int offset, int length) {
    if (receiveRemaining.addAndGet(-length) < 0) {
      return Receipt.PAST_WINDOW;
    }
    Sink to;
    synchronized (this) {
      if (ended != null || remoteFin || inputDone) {
        return Receipt.DROPPED;
      }
      received.addAndGet(length);
      to = sink;
      if (to == null) {
        byte[] copy = new byte[length];
        System.arraycopy(data, offset, copy, 0, length);
        chunks.add(copy);
        notifyAll();
      }
    }
    if (to != null) {
      to.data(data, offset, length); // outside this monitor: the sink takes its own lock first
    }
    return Receipt.KEPT;
  }

  void remoteFin() {
    Sink to;
    synchronized (this) {
      remoteFin = true;
      to = sink;
      notifyAll();
    }
    if (to != null) {
      to.fin();
    }
  }

  /**
   * Received data goes to {@code to} from now on, as it arrives, instead of waiting here for a
   * reader; what arrived before is handed over first, and an early {@code FIN} after it. The caller
   * holds {@code to}'s lock, so that nothing arriving meanwhile overtakes it.
   */
  void attach(Sink to) {
    byte[][] early;
    boolean fin;
    synchronized (this) {
      sink = to;
      early = chunks.toArray(new byte[0][]);
      chunks.clear();
      fin = remoteFin && ended == null;
    }
    for (byte[] chunk : early) {
      to.data(chunk, 0, chunk.length);
    }
    if (fin) {
      to.fin();
    }
  }

  /** The sink wrote everything up to the other side's {@code FIN}: the input is done. */
  void inputWritten() {
    synchronized (this) {
      inputDone = true;
    }
    finishIfDone();
  }

  /** The sink dropped {@code n} received bytes (its local side is gone): free the connection's. */
  void dropped(int n) {
    session.consumed(n);
  }

  void remoteClose(StreamClose close) {
    end(close, null);
  }

  /** Ends the stream with {@code close} unless it ended before; returns whether this ended it. */
  boolean end(StreamClose close, Throwable error) {
    int dropped = 0;
    synchronized (this) {
      if (ended != null || result.isDone()) {
        return false;
      }
      ended = close;
      if (close.code() != CloseCodes.NORMAL) {
        dropped = dropAll();
      }
      notifyAll();
    }
    session.consumed(dropped);
    session.wakeWriters();
    session.forget(this);
    result.complete(
        new StreamResult(received.get(), sent.get(), close.code(), close.reason(), error));
    return true;
  }

  synchronized boolean hasEnded() {
    return ended != null || result.isDone();
  }

  synchronized IOException endedException() {
    StreamClose close = ended;
    String reason = close.reason().isBlank() ? "" : ": " + close.reason();
    return new IOException(
        "stream "
            + id()
            + " closed with "
            + close.code()
            + " ("
            + CloseCodes.describe(close.code())
            + ")"
            + reason);
  }

  /** Drops the data not read yet; returns how much, for the connection window. Holds this. */
  private int dropAll() {
    int total = 0;
    for (byte[] chunk : chunks) {
      total += chunk.length;
    }
    chunks.clear();
    return total;
  }

  private void finishIfDone() {
    boolean done;
    synchronized (this) {
      done = inputDone && ended == null;
    }
    if (done && session.finSent(this)) {
      end(new StreamClose(CloseCodes.NORMAL, ""), null);
    }
  }

  void sentFin() {
    boolean done;
    synchronized (this) {
      done = inputDone;
    }
    if (done) {
      end(new StreamClose(CloseCodes.NORMAL, ""), null);
    }
  }

  void countSent(int n) {
    sent.addAndGet(n);
  }

  private void waitHere() throws InterruptedIOException {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading stream " + id);
    }
  }

  /**
   * Takes a stream's received data as it arrives, on the connection's reader thread, instead of a
   * reader taking it from the stream: it must not block, and calls {@link #consumed(int)} once
   * bytes are written on (which grants them again) or {@link #dropped(int)}.
   */
  interface Sink {
    /** The other side sent these bytes; they are valid only during the call. */
    void data(byte[] data, int offset, int length);

    /** The other side sent {@code FIN}, after all its data. */
    void fin();
  }

  private final class Input extends InputStream {
    private byte[] current;
    private int position;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (current == null) {
        current = nextChunk();
        position = 0;
        if (current == null) {
          return -1;
        }
      }
      int n = Math.min(len, current.length - position);
      System.arraycopy(current, position, b, off, n);
      position += n;
      if (position == current.length) {
        current = null;
      }
      consumed(n);
      return n;
    }

    @Override
    public void close() {
      int dropped = current == null ? 0 : current.length - position;
      current = null;
      synchronized (MuxStream.this) {
        dropped += dropAll();
        inputDone = true;
      }
      session.consumed(dropped);
      finishIfDone();
    }
  }

  private final class Output extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        int n = session.acquire(MuxStream.this, len);
        session.sendData(id, b, off, n);
        sent.addAndGet(n);
        off += n;
        len -= n;
      }
    }

    @Override
    public void close() throws IOException {
      if (session.sendFin(MuxStream.this)) {
        sentFin();
      }
    }
  }
}
