package io.devstreams.protocol.mux;

import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.ErrorCode;
import io.devstreams.protocol.tunnel.ConnectionFailures;
import io.devstreams.protocol.tunnel.HubEndpoint;
import io.devstreams.protocol.tunnel.StreamResult;
import io.devstreams.protocol.websocket.ClientWebSocket;
import io.devstreams.protocol.websocket.WebSocketConnector;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A client's v2 connection to the hub (docs/protocol.md, section 6): one WebSocket carrying many
 * {@link MuxStream}s, opened by this side ({@link #open}, a service process) or offered by the hub
 * (an {@link OfferHandler}, a device).
 *
 * <p>One reader thread takes every frame off the connection and never blocks on a stream: received
 * data is bounded by the windows this side granted. Writers take turns at a fair lock, one frame
 * each, so every stream with data gets its share of the connection; a writer waits outside that
 * lock while the hub's windows are used up. Streams bridged to socket channels share one more
 * thread, the connection's {@link LocalSockets}, which asks for credit without waiting.
 */
public final class MuxSession implements AutoCloseable {

  /** Receives the streams the hub offers, each on a thread of its own. */
  @FunctionalInterface
  public interface OfferHandler {
    /** Answers {@code stream} with accept or refuse; may take time (a local connect). */
    void offered(IncomingStream stream);
  }

  private static final System.Logger LOG = System.getLogger(MuxSession.class.getName());
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "devstreams-mux-timer");
            t.setDaemon(true);
            return t;
          });

  private final ClientWebSocket ws;
  private final MuxOptions options;
  private final OfferHandler offers;
  private final String name;
  private final ReentrantLock writeLock = new ReentrantLock(true);
  private final byte[] header = new byte[MuxFrames.HEADER_LENGTH];

  /**
   * Guards the windows, ids and FIN flags. Lock order: this first, then a stream's monitor (code
   * holding it asks streams whether they ended); a stream never calls in here holding its own.
   */
  private final Object credit = new Object();

  private final Map<Integer, MuxStream> streams = new ConcurrentHashMap<>();
  private final Map<Integer, CompletableFuture<Acceptance>> opening = new ConcurrentHashMap<>();
  private final AtomicLong connectionReceiveRemaining;
  private final AtomicLong connectionConsumed = new AtomicLong();
  private final CompletableFuture<StreamResult> closed = new CompletableFuture<>();
  private final ScheduledFuture<?> heartbeat;
  private long connectionSendWindow; // guarded by credit
  private final List<Runnable> starved = new ArrayList<>(); // guarded by credit
  private LocalSockets localSockets; // guarded by credit, made for the first bridged socket
  private int nextId = 1; // guarded by credit
  private long highestOffered; // reader thread only
  private volatile long lastHeard = System.nanoTime();
  private volatile boolean ending;

  private MuxSession(ClientWebSocket ws, MuxOptions options, OfferHandler offers, String name) {
    this.ws = ws;
    this.options = options;
    this.offers = offers;
    this.name = name;
    this.connectionReceiveRemaining = new AtomicLong(options.connectionWindow());
    long interval = options.heartbeat().interval().toMillis();
    this.heartbeat =
        TIMER.scheduleAtFixedRate(
            this::beat, interval, Math.max(1, interval / 2), TimeUnit.MILLISECONDS);
  }

  /**
   * Connects to {@code rawPath} ({@link MuxFrames#SERVICE_PATH} or a device's path) with {@code
   * authorization} (null: none, for a device certificate) and starts reading; {@code offers} takes
   * the streams the hub offers (null: refuse them all).
   *
   * @throws IOException naming why the connection failed, for example {@code HTTP 401 from the hub
   *     (credentials refused)}
   */
  public static MuxSession connect(
      HubEndpoint endpoint,
      String rawPath,
      String authorization,
      MuxOptions options,
      OfferHandler offers)
      throws IOException {
    ClientWebSocket ws =
        WebSocketConnector.connect(
            endpoint,
            rawPath,
            authorization == null ? Map.of() : WebSocketConnector.authorization(authorization),
            options.handshakeTimeout());
    MuxSession session = new MuxSession(ws, options, offers, endpoint.hostName() + rawPath);
    try {
      session.sendFrame(FrameType.WINDOW, 0, MuxFrames.window(options.connectionWindow()));
    } catch (IOException e) {
      ws.close();
      throw e;
    }
    Thread reader = new Thread(session::readLoop, "devstreams-mux-reader");
    reader.setDaemon(true);
    reader.start();
    return session;
  }

  /**
   * Opens a stream to service {@code request.name()} of device {@code request.deviceId()}: one
   * {@code OPEN}, one answer.
   *
   * @throws StreamRefusedException with the hub's error code and message when it refuses
   * @throws IOException if the connection fails or no answer comes within the request's timeouts
   */
  public MuxStream open(OpenRequest request) throws IOException {
    MuxStream stream;
    CompletableFuture<Acceptance> answer = new CompletableFuture<>();
    byte[] payload = request.toJson();
    writeLock.lock(); // ids must reach the hub in the order they were taken
    try {
      synchronized (credit) {
        if (ending) {
          throw new IOException("the connection to the hub is closed");
        }
        int id = nextId;
        nextId += 2;
        stream = new MuxStream(this, id, request.window());
        streams.put(id, stream);
        opening.put(id, answer);
      }
      sendFrame(FrameType.OPEN, stream.number(), payload);
    } finally {
      writeLock.unlock();
    }
    try {
      long wait = request.connectTimeoutSeconds() + request.responseTimeoutSeconds() + 10;
      Acceptance accepted = answer.get(wait, TimeUnit.SECONDS);
      stream.opened(accepted.window(), accepted.streamId());
      return stream;
    } catch (ExecutionException e) {
      streams.remove(stream.number());
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (TimeoutException e) {
      stream.close(CloseCodes.GOING_AWAY, "no answer to OPEN");
      throw new IOException("the hub did not answer the stream request in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stream.close(CloseCodes.GOING_AWAY, "interrupted");
      throw new InterruptedIOException("interrupted while opening a stream");
    } finally {
      opening.remove(stream.number());
    }
  }

  /**
   * Returns the future that completes (never exceptionally) when the connection has ended: its
   * close code and reason, and the failure if it broke.
   */
  public CompletableFuture<StreamResult> closed() {
    return closed;
  }

  /** Returns whether the connection is open. */
  public boolean isOpen() {
    return !closed.isDone();
  }

  /** Returns the number of streams open on the connection. */
  public int streamCount() {
    return streams.size();
  }

  /** Closes the connection with 1000; see {@link #close(int, String)}. */
  @Override
  public void close() {
    close(CloseCodes.NORMAL, "");
  }

  /** Ends every stream and closes the connection with {@code code} and {@code reason}. */
  public void close(int code, String reason) {
    if (ending) {
      return;
    }
    try {
      writeLock.lock();
      try {
        ws.sendClose(code, reason);
      } finally {
        writeLock.unlock();
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "{0}: close frame not sent: {1}", name, e.toString());
    }
    ended(
        code,
        "the connection was closed by this side" + (reason.isEmpty() ? "" : ": " + reason),
        null);
    ws.close();
  }

  /** Drops the connection at once, without a close frame; it ends with 1006 and {@code why}. */
  public void abort(String why) {
    ended(StreamResult.ABNORMAL_CLOSURE, why, new IOException(why));
    ws.close();
  }

  // For streams.

  /** Waits until {@code stream} may send, then takes up to {@code wanted} bytes of both windows. */
  int acquire(MuxStream stream, int wanted) throws IOException {
    synchronized (credit) {
      while (true) {
        if (stream.finSent) {
          throw new IOException("stream " + stream.number() + ": output already closed");
        }
        if (stream.hasEnded()) {
          throw stream.endedException();
        }
        if (ending) {
          throw new IOException("the connection to the hub is closed");
        }
        int n = take(stream, wanted);
        if (n > 0) {
          return n;
        }
        try {
          credit.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting to send");
        }
      }
    }
  }

  /**
   * Takes up to {@code wanted} bytes of both windows without waiting. Returns 0 when none are free,
   * and then runs {@code onCredit} (once, holding the credit lock: it must only hand work on) when
   * credit comes or the stream or connection ends; returns -1 when the stream may not send (it
   * ended or sent {@code FIN}, or the connection is ending).
   */
  int tryAcquire(MuxStream stream, int wanted, Runnable onCredit) {
    synchronized (credit) {
      if (stream.finSent || ending || stream.hasEnded()) {
        return -1;
      }
      int n = take(stream, wanted);
      if (n == 0) {
        starved.add(onCredit);
      }
      return n;
    }
  }

  /**
   * Takes up to {@code wanted} bytes (one frame's at most) of both windows; 0 if none. Holds
   * credit.
   */
  private int take(MuxStream stream, int wanted) {
    long n =
        Math.min(
            Math.min(stream.sendWindow, connectionSendWindow),
            Math.min(wanted, MuxFrames.MAX_PAYLOAD));
    if (n <= 0) {
      return 0;
    }
    stream.sendWindow -= n;
    connectionSendWindow -= n;
    return (int) n;
  }

  /** Returns credit taken by {@link #tryAcquire} and not used. */
  void giveBack(MuxStream stream, int n) {
    if (n <= 0) {
      return;
    }
    synchronized (credit) {
      stream.sendWindow += n;
      connectionSendWindow += n;
      creditChanged();
    }
  }

  void addCredit(MuxStream stream, long window) {
    synchronized (credit) {
      stream.sendWindow += window;
      creditChanged();
    }
  }

  void wakeWriters() {
    synchronized (credit) {
      creditChanged();
    }
  }

  /** Wakes every writer waiting for credit: blocked threads and starved sockets. Holds credit. */
  private void creditChanged() {
    credit.notifyAll();
    if (!starved.isEmpty()) {
      for (Runnable waiting : starved) {
        waiting.run();
      }
      starved.clear();
    }
  }

  /**
   * Returns the connection's thread for socket channels, starting it for the first, and again for
   * the next after it failed (its streams were closed with 1001).
   */
  LocalSockets localSockets() throws IOException {
    synchronized (credit) {
      if (ending) {
        throw new IOException("the connection to the hub is closed");
      }
      if (localSockets == null || localSockets.isStopped()) {
        localSockets = LocalSockets.start(name);
      }
      return localSockets;
    }
  }

  boolean finSent(MuxStream stream) {
    synchronized (credit) {
      return stream.finSent;
    }
  }

  /** Sends {@code FIN} once; returns whether this call sent it. */
  boolean sendFin(MuxStream stream) throws IOException {
    synchronized (credit) {
      if (stream.finSent || stream.hasEnded()) {
        return false;
      }
      stream.finSent = true;
    }
    sendFrame(FrameType.FIN, stream.number(), new byte[0]);
    return true;
  }

  void sendData(int id, byte[] data, int offset, int length) throws IOException {
    writeFrame(FrameType.DATA, id, data, offset, length);
  }

  void sendWindow(int id, long increment) {
    trySend(FrameType.WINDOW, id, MuxFrames.window(increment));
  }

  void sendClose(int id, int code, String reason) {
    trySend(FrameType.CLOSE, id, MuxFrames.close(code, reason));
  }

  /** The application used (or dropped) {@code n} bytes: grant the connection window again. */
  void consumed(long n) {
    if (n <= 0) {
      return;
    }
    long total = connectionConsumed.addAndGet(n);
    if (total >= options.connectionWindow() / 4) {
      long grant = connectionConsumed.getAndSet(0);
      if (grant > 0) {
        connectionReceiveRemaining.addAndGet(grant);
        sendWindow(0, grant);
      }
    }
  }

  void forget(MuxStream stream) {
    streams.remove(stream.number(), stream);
  }

  void accept(MuxStream stream, StreamOffer offer) {
    trySend(
        FrameType.ACCEPT, stream.number(), new Acceptance(options.streamWindow(), null).toJson());
    stream.opened(offer.window(), offer.streamId());
  }

  void refuse(MuxStream stream, String message) {
    streams.remove(stream.number(), stream);
    trySend(
        FrameType.REFUSE,
        stream.number(),
        new Refusal(ErrorCode.STREAM_REJECTED.code(), message, 0).toJson());
    stream.end(new StreamClose(CloseCodes.POLICY_VIOLATION, message), null);
  }

  // The reader.

  private void readLoop() {
    try {
      while (true) {
        ClientWebSocket.Kind kind = ws.read();
        lastHeard = System.nanoTime();
        switch (kind) {
          case BINARY -> frame(ws.message(), ws.length());
          case TEXT -> {
            protocolError("the hub sent a text message on a v2 connection");
            return;
          }
          case PING -> pong(ws.message(), ws.length());
          case PONG -> {
            // lastHeard is all a pong is for
          }
          case CLOSE -> {
            int code = ws.closeCode();
            String reason = ws.closeReason();
            answerClose(code);
            ended(code == ClientWebSocket.NO_STATUS ? CloseCodes.NORMAL : code, reason, null);
            ws.close();
            return;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      connectionLost(e);
    }
  }

  private void frame(byte[] m, int length) throws IOException {
    if (length < MuxFrames.HEADER_LENGTH) {
      protocolError("the hub sent a frame shorter than its header");
      return;
    }
    int type = MuxFrames.type(m, 0);
    long longId = MuxFrames.streamId(m, 0);
    int id = (int) longId;
    int at = MuxFrames.HEADER_LENGTH;
    int n = length - at;
    if (type == FrameType.WINDOW && longId == 0) {
      connectionCredit(m, at, n);
      return;
    }
    if (type == FrameType.OPEN) {
      offered(id, longId, m, at, n);
      return;
    }
    MuxStream stream = streams.get(id);
    if (type == FrameType.DATA) {
      data(stream, longId, m, at, n);
      return;
    }
    if (stream == null) {
      unknown(longId, type);
      return;
    }
    try {
      switch (type) {
        case FrameType.ACCEPT -> answer(id, Acceptance.parse(m, at, n), null);
        case FrameType.REFUSE -> answer(id, null, Refusal.parse(m, at, n));
        case FrameType.WINDOW -> windowUpdate(stream, MuxFrames.readWindow(m, at, n));
        case FrameType.FIN -> stream.remoteFin();
        case FrameType.CLOSE -> stream.remoteClose(MuxFrames.readClose(m, at, n));
        default -> stream.close(CloseCodes.STREAM_PROTOCOL_ERROR, "unknown frame type " + type);
      }
    } catch (IllegalArgumentException e) {
      stream.close(CloseCodes.STREAM_PROTOCOL_ERROR, e.getMessage());
    }
  }

  private void data(MuxStream stream, long id, byte[] m, int at, int n) throws IOException {
    if (connectionReceiveRemaining.addAndGet(-n) < 0) {
      protocolError("the hub sent data past the connection window");
      return;
    }
    if (stream == null) {
      consumed(n);
      unknown(id, FrameType.DATA);
      return;
    }
    MuxStream.Receipt receipt = stream.received(m, at, n);
    if (receipt != MuxStream.Receipt.KEPT) {
      consumed(n);
    }
    if (receipt == MuxStream.Receipt.PAST_WINDOW) {
      stream.close(CloseCodes.FLOW_CONTROL, "data past the stream window");
    }
  }

  private void windowUpdate(MuxStream stream, long increment) {
    synchronized (credit) {
      if (stream.sendWindow + increment > MuxFrames.MAX_WINDOW) {
        stream.close(CloseCodes.STREAM_PROTOCOL_ERROR, "WINDOW lifts the window above 2^31-1");
        return;
      }
      stream.sendWindow += increment;
      creditChanged();
    }
  }

  private void connectionCredit(byte[] m, int at, int n) throws IOException {
    long increment;
    try {
      increment = MuxFrames.readWindow(m, at, n);
    } catch (IllegalArgumentException e) {
      protocolError("connection WINDOW: " + e.getMessage());
      return;
    }
    synchronized (credit) {
      if (connectionSendWindow + increment > MuxFrames.MAX_WINDOW) {
        protocolError("connection WINDOW lifts the window above 2^31-1");
        return;
      }
      connectionSendWindow += increment;
      creditChanged();
    }
  }

  private void answer(int id, Acceptance accepted, Refusal refused) {
    CompletableFuture<Acceptance> waiting = opening.get(id);
    if (waiting == null) {
      MuxStream stream = streams.get(id);
      if (stream != null) {
        stream.close(
            CloseCodes.STREAM_PROTOCOL_ERROR,
            (accepted != null ? "ACCEPT" : "REFUSE") + " for a stream not being opened");
      }
      return;
    }
    if (accepted != null) {
      waiting.complete(accepted);
    } else {
      MuxStream stream = streams.remove(id);
      if (stream != null) {
        stream.end(new StreamClose(CloseCodes.POLICY_VIOLATION, refused.message()), null);
      }
      waiting.completeExceptionally(new StreamRefusedException(refused));
    }
  }

  private void offered(int id, long longId, byte[] m, int at, int n) {
    if (longId % 2 != 0 || longId <= highestOffered) {
      trySend(
          FrameType.CLOSE,
          id,
          MuxFrames.close(
              CloseCodes.STREAM_PROTOCOL_ERROR,
              "OPEN with stream id " + longId + ": the hub's ids are even and increase"));
      return;
    }
    highestOffered = longId;
    StreamOffer offer;
    try {
      offer = StreamOffer.parse(m, at, n);
    } catch (IllegalArgumentException e) {
      trySend(
          FrameType.REFUSE,
          id,
          new Refusal(ErrorCode.ARGUMENT_INVALID.code(), e.getMessage(), 0).toJson());
      return;
    }
    MuxStream stream = new MuxStream(this, id, options.streamWindow());
    streams.put(id, stream);
    IncomingStream incoming = new IncomingStream(this, stream, offer);
    if (offers == null) {
      incoming.refuse("this client accepts no streams");
      return;
    }
    StreamThreads.run(
        () -> {
          try {
            offers.offered(incoming);
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stream offer handler failed", e);
            try {
              incoming.refuse("the device failed to handle the stream: " + e.getMessage());
            } catch (IllegalStateException answered) {
              stream.close(CloseCodes.HUB_ERROR, "the device's stream handler failed");
            }
          }
        });
  }

  private void unknown(long id, int type) {
    boolean ours = id % 2 == 1;
    boolean seen;
    synchronized (credit) {
      seen = ours ? id < nextId : id <= highestOffered;
    }
    if (!seen && type != FrameType.CLOSE) {
      trySend(
          FrameType.CLOSE,
          (int) id,
          MuxFrames.close(CloseCodes.STREAM_PROTOCOL_ERROR, "unknown stream id " + id));
    }
  }

  private void pong(byte[] payload, int length) {
    writeLock.lock();
    try {
      ws.sendPong(payload, length);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "{0}: pong not sent: {1}", name, e.toString());
    } finally {
      writeLock.unlock();
    }
  }

  private void answerClose(int code) {
    writeLock.lock();
    try {
      ws.sendClose(code == ClientWebSocket.NO_STATUS ? CloseCodes.NORMAL : code, "");
    } catch (IOException | IllegalArgumentException e) {
      LOG.log(Level.DEBUG, "{0}: close answer not sent: {1}", name, e.toString());
    } finally {
      writeLock.unlock();
    }
  }

  private void protocolError(String what) throws IOException {
    LOG.log(Level.WARNING, "{0}: {1}; closing the connection", name, what);
    close(CloseCodes.PROTOCOL_ERROR, what);
  }

  private void beat() {
    long silent = System.nanoTime() - lastHeard;
    Duration timeout = options.heartbeat().timeout();
    if (silent > timeout.toNanos()) {
      ended(
          StreamResult.ABNORMAL_CLOSURE,
          "no answer from the hub for " + timeout.toSeconds() + " s (heartbeat timeout)",
          new IOException("heartbeat timeout"));
      ws.close();
    } else if (silent > options.heartbeat().interval().toNanos()) {
      trySendPing();
    }
  }

  private void trySendPing() {
    if (!writeLock.tryLock()) {
      return; // a frame is being written: the hub hears from us anyway
    }
    try {
      ws.sendPing(new byte[0]);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "{0}: ping not sent: {1}", name, e.toString());
    } finally {
      writeLock.unlock();
    }
  }

  private void sendFrame(int type, int id, byte[] payload) throws IOException {
    writeFrame(type, id, payload, 0, payload.length);
  }

  private void writeFrame(int type, int id, byte[] payload, int offset, int length)
      throws IOException {
    try {
      writeLock.lock();
      try {
        MuxFrames.writeHeader(header, 0, type, id);
        ws.sendBinary(header, MuxFrames.HEADER_LENGTH, payload, offset, length);
      } finally {
        writeLock.unlock();
      }
    } catch (IOException e) {
      connectionLost(e);
      throw e;
    }
  }

  /**
   * A read or a write on the connection failed: it is lost, for every stream on it. A writer calls
   * this before its exception reaches its bridge, which is what makes the bridge report the lost
   * connection rather than a failure of its local side (the reader may notice the loss later).
   */
  private void connectionLost(Exception e) {
    if (!ending) {
      ended(
          StreamResult.ABNORMAL_CLOSURE,
          "connection to the hub lost: " + ConnectionFailures.describe(e),
          e);
    }
    ws.close();
  }

  private void trySend(int type, int id, byte[] payload) {
    try {
      sendFrame(type, id, payload);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "{0}: {1} not sent: {2}", name, FrameType.name(type), e.toString());
    }
  }

  private void ended(int code, String reason, Throwable error) {
    LocalSockets sockets;
    synchronized (credit) {
      if (ending) {
        return;
      }
      ending = true;
      creditChanged();
      sockets = localSockets;
    }
    heartbeat.cancel(false);
    StreamClose close = new StreamClose(code, reason);
    for (CompletableFuture<Acceptance> waiting : List.copyOf(opening.values())) {
      waiting.completeExceptionally(
          new IOException(reason.isEmpty() ? "the connection to the hub closed" : reason));
    }
    for (MuxStream stream : List.copyOf(streams.values())) {
      stream.end(close, error);
    }
    if (sockets != null) {
      sockets.shutdown(); // after the streams' ends, whose sockets it closes first
    }
    closed.complete(new StreamResult(0, 0, code, reason, error));
  }
}
