package io.devstreams.hub.mux;

import io.devstreams.hub.settings.MuxSettings;
import io.devstreams.hub.streams.Outflow;
import io.devstreams.hub.streams.Piece;
import io.devstreams.hub.streams.StreamPairing;
import io.devstreams.hub.streams.StreamPeer;
import io.devstreams.hub.ws.CloseFrame;
import io.devstreams.hub.ws.ConnectionCloser;
import io.devstreams.hub.ws.ContainerListeners;
import io.devstreams.hub.ws.FrameDecoder;
import io.devstreams.hub.ws.FrameException;
import io.devstreams.hub.ws.FrameHeader;
import io.devstreams.hub.ws.Opcodes;
import io.devstreams.hub.ws.SerialTask;
import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.mux.FrameType;
import io.devstreams.protocol.mux.MuxFrames;
import io.devstreams.protocol.mux.Refusal;
import io.devstreams.protocol.mux.StreamClose;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One v2 connection after the upgrade (docs/protocol.md, section 6): reads the client's frames and
 * gives each stream what is its own, and writes the hub's frames, the streams taking turns one
 * frame each.
 *
 * <p>All its state belongs to one {@link SerialTask} that every event signals, as in the v1 relay:
 * the container's callbacks, partners offering or taking bytes, the broker, the role's answers
 * (through {@link #run}). It reads whatever the client sends (the client is bounded by the windows
 * the hub granted, so reading never waits for a slow stream) and writes only after {@code
 * isReady()}; a partner's bytes are taken only once the output is ready again after writing them.
 */
public final class MuxConnection implements HttpUpgradeHandler {

  private static final System.Logger LOG = System.getLogger(MuxConnection.class.getName());
  private static final int BUFFER_SIZE = 16 * 1024;
  private static final int MAX_CONTROL_PAYLOAD = 16 * 1024;
  private static final byte[] PING = {(byte) (0x80 | Opcodes.PING), 0};

  private final SerialTask task = new SerialTask(this::pump);
  private final FrameDecoder decoder = new FrameDecoder(MuxFrames.MAX_MESSAGE);
  private final ByteBuffer head = ByteBuffer.allocate(MuxFrames.HEADER_LENGTH);
  private ByteBuffer sink;
  private final byte[] header = new byte[Piece.HEADROOM];
  private final Map<Integer, SubStream> streams = new HashMap<>();
  private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
  private final ArrayDeque<SubStream> turns = new ArrayDeque<>();
  private final List<SubStream> starved = new ArrayList<>();
  private final ConcurrentLinkedQueue<SubStream> woken = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicLong connectionCreditDue = new AtomicLong();
  private final AtomicBoolean pingWanted = new AtomicBoolean();

  private MuxRole role;
  private MuxSettings settings;
  private StreamPairing broker;
  private ConnectionCloser closer;
  private WebConnection connection;
  private ServletInputStream in;
  private ServletOutputStream out;
  private ByteBuffer input;

  private ByteBuffer body;
  private boolean skipping;
  private long skipped;
  private int pendingOpens;
  private long highestClientId;
  private int nextHubId = 2;
  private long connectionSendWindow;
  private long connectionReceiveRemaining;
  private Outflow holdingFrom;
  private int holdingBytes = -1;
  private boolean unflushed;
  private volatile byte[] pong;
  private volatile CloseFrame closeRequest;
  private volatile long heard;
  private volatile long lastHeardNanos = System.nanoTime();
  private volatile boolean closed;
  private boolean closeSent;
  private boolean inputDone;
  private boolean lingerExpired;
  private volatile boolean inputEnded;
  private volatile boolean outputFailed;
  private volatile boolean destroyed;

  /** Created by the container in {@code HttpServletRequest.upgrade}. */
  public MuxConnection() {}

  /** Gives the connection its role and collaborators; called by the filter before {@link #init}. */
  void bind(
      MuxRole connectionRole,
      MuxSettings muxSettings,
      StreamPairing streamBroker,
      ConnectionCloser connectionCloser) {
    this.role = connectionRole;
    this.settings = muxSettings;
    this.broker = streamBroker;
    this.closer = connectionCloser;
    this.connectionReceiveRemaining = muxSettings.connectionWindow();
  }

  @Override
  public void init(WebConnection webConnection) {
    connection = webConnection;
    try {
      in = webConnection.getInputStream();
      out = webConnection.getOutputStream();
      frames.add(frame(FrameType.WINDOW, 0, MuxFrames.window(settings.connectionWindow())));
      in.setReadListener(ContainerListeners.reading(task::signal, this::inputEnded));
      out.setWriteListener(ContainerListeners.writing(task::signal, this::outputFailed));
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, role.label() + ": could not start the v2 connection", e);
      closed = true;
      closeConnection();
      return;
    }
    run(() -> role.started(this));
  }

  @Override
  public void destroy() {
    destroyed = true;
    task.signal();
  }

  // For roles, streams and the broker: any thread.

  /** Runs {@code action} in the connection's task, after what is queued before it. */
  void run(Runnable action) {
    inbox.add(action);
    task.signal();
  }

  /** {@code stream} may have something to do (data, a close, credit to grant). */
  void wake(SubStream stream) {
    if (stream.wakePending.compareAndSet(false, true)) {
      woken.add(stream);
    }
    task.signal();
  }

  /** The partner of {@code stream} took {@code n} bytes; {@code due} are owed to the client now. */
  void taken(SubStream stream, int n, long due) {
    long connectionDue = connectionCreditDue.addAndGet(n);
    if (due >= grantThreshold(stream.receiveWindow)
        || connectionDue >= grantThreshold(settings.connectionWindow())) {
      wake(stream);
    }
  }

  /** Sends a WebSocket ping soon. */
  void ping() {
    pingWanted.set(true);
    task.signal();
  }

  /** Closes the whole connection with {@code code}: its streams end first (4000 to partners). */
  void close(int code, String reason) {
    run(() -> closeWith(code, reason));
  }

  /** Returns a count that grows whenever anything arrives from the client. */
  long bytesHeard() {
    return heard;
  }

  /** Returns the nanoTime of the last thing the client sent. */
  long lastHeardNanos() {
    return lastHeardNanos;
  }

  /** Returns whether the connection is over. */
  boolean isClosed() {
    return closed;
  }

  /** Returns the broker's pairing, for the roles. */
  StreamPairing broker() {
    return broker;
  }

  /** Returns the settings, for the roles. */
  MuxSettings settings() {
    return settings;
  }

  // For roles: the task only.

  /** Queues a frame for {@code streamId}; frames go out in order, before any stream data. */
  void send(int type, int streamId, byte[] payload) {
    frames.add(frame(type, streamId, payload));
  }

  /** Offers a new stream to the client: a hub id and an {@code OPEN} with {@code payload}. */
  SubStream offer(byte[] payload) {
    SubStream stream =
        new SubStream(nextHubId, this, SubStream.State.OFFERED, settings.streamWindow());
    nextHubId += 2;
    streams.put(stream.id, stream);
    send(FrameType.OPEN, stream.id, payload);
    return stream;
  }

  /** The role has answered an {@code OPEN} of the client: one less waiting. */
  void openSettled() {
    pendingOpens--;
  }

  /** Joins {@code stream} to the broker's stream as the connection's side; may pair it at once. */
  void join(SubStream stream, String streamId) {
    stream.streamId = streamId;
    stream.side = role.side();
    stream.state = SubStream.State.OPEN;
    broker.join(streamId, role.side(), stream);
  }

  /** Forgets a stream that never opened (refused). */
  void forget(SubStream stream) {
    stream.markClosed();
    streams.remove(stream.id, stream);
  }

  /** Returns the stream with {@code id}, or null. */
  SubStream stream(int id) {
    return streams.get(id);
  }

  /** Returns the number of streams the connection has. */
  int streamCount() {
    return streams.size();
  }

  // The task.

  private void pump() {
    if (closed) {
      return;
    }
    try {
      do {
        runInbox();
        takeWoken();
        if (finishIfDone()) {
          return;
        }
      } while (write() | read());
      finishIfDone();
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.DEBUG, "{0}: v2 connection failed: {1}", role.label(), e);
      lost();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, role.label() + ": v2 connection failed", e);
      lost();
    }
  }

  private void runInbox() {
    Runnable action;
    while ((action = inbox.poll()) != null) {
      action.run();
    }
  }

  private void takeWoken() {
    SubStream stream;
    while ((stream = woken.poll()) != null) {
      stream.wakePending.set(false);
      if (!turns.contains(stream)) {
        turns.add(stream);
      }
    }
  }

  private boolean finishIfDone() {
    if (closed) {
      return true;
    }
    if (destroyed || outputFailed) {
      lost();
    } else if (inputDone && (closeRequest == null || (closeSent && !unflushed) || lingerExpired)) {
      endStreams(
          CloseCodes.PEER_CLOSED,
          "the " + role.side().label() + " side disconnected without closing");
      terminate();
    }
    return closed;
  }

  // Reading.

  private boolean read() throws IOException {
    boolean progress = false;
    while (!inputDone) {
      if ((input == null || !input.hasRemaining()) && !fill()) {
        if (streams.isEmpty() && input != null && !input.hasRemaining()) {
          input = null; // an idle connection (most devices, most of the time) holds no buffer
        }
        return progress;
      }
      progress = true;
      decode();
    }
    return progress;
  }

  private boolean fill() throws IOException {
    if (!in.isReady()) {
      if (inputEnded) {
        inputDone = true;
      }
      return false;
    }
    if (input == null) {
      input = ByteBuffer.allocate(BUFFER_SIZE);
    }
    int n = in.read(input.array(), 0, input.capacity());
    if (n < 0) {
      inputDone = true;
      return false;
    }
    input.position(0).limit(n);
    heard += n;
    lastHeardNanos = System.nanoTime();
    return true;
  }

  private void decode() {
    ByteBuffer dst = head.hasRemaining() ? head : skipping ? sink : body;
    FrameDecoder.Event event;
    try {
      event = decoder.decode(input, dst);
    } catch (FrameException e) {
      protocolError(e.closeCode(), e.getMessage());
      return;
    }
    if (!head.hasRemaining() && body == null && !skipping) {
      // The header is in: the payload's place is decided now, whatever the decoder asks for next.
      // It may ask for input, not space (the read or the frame ended right after the header), and
      // reading on into a null buffer once cost a device its connection, every stream with it.
      headerRead();
    }
    switch (event) {
      case FRAME_START -> {
        if (decoder.frameIsText()) {
          protocolError(1003, "text messages are not part of protocol v2");
        } else if (decoder.frameStartsMessage()) {
          head.clear();
          body = null;
          skipping = false;
        }
      }
      case NEED_SPACE -> {
        if (dst == head) {
          // the header is in, and its payload's place decided above
        } else if (dst == sink) {
          skipped += sink.position();
          sink.clear();
        } else {
          // A fragmented message longer than its buffer (a control payload over 16 KiB): the
          // rest is dropped, and the message is answered as too long when it ends.
          skipped = body.position();
          skip();
        }
      }
      case FRAME_END -> {
        if (decoder.frameEndsMessage()) {
          messageRead();
        }
      }
      case CONTROL -> controlFrame(decoder.controlOpcode(), decoder.controlPayload());
      case NEED_INPUT -> {
        // fill() reads more
      }
    }
  }

  /** The 5-byte header is in: decide where the payload goes. */
  private void headerRead() {
    int type = head.get(0) & 0xFF;
    int id = head.getInt(1);
    skipped = 0;
    if (type == FrameType.DATA) {
      SubStream stream = streams.get(id);
      if (stream != null && stream.state == SubStream.State.OPEN && !stream.clientFin) {
        int size =
            (int) (decoder.frameEndsMessage() ? decoder.frameRemaining() : MuxFrames.MAX_PAYLOAD);
        byte[] chunk = new byte[Piece.HEADROOM + size];
        body = ByteBuffer.wrap(chunk, Piece.HEADROOM, size);
        return;
      }
      skip();
      return;
    }
    long size = decoder.frameEndsMessage() ? decoder.frameRemaining() : MAX_CONTROL_PAYLOAD;
    if (size > MAX_CONTROL_PAYLOAD) {
      skip();
      return;
    }
    body = ByteBuffer.allocate((int) size);
  }

  private void skip() {
    skipping = true;
    if (sink == null) {
      sink = ByteBuffer.allocate(BUFFER_SIZE);
    }
    sink.clear();
  }

  private void messageRead() {
    if (head.hasRemaining()) {
      protocolError(CloseCodes.PROTOCOL_ERROR, "a v2 frame shorter than its 5-byte header");
      return;
    }
    int type = head.get(0) & 0xFF;
    long id = head.getInt(1) & 0xFFFF_FFFFL;
    role.heard(this);
    if (type == FrameType.DATA) {
      data((int) id, id);
    } else if (skipping) {
      streamError(
          (int) id, FrameType.name(type) + " payload over " + MAX_CONTROL_PAYLOAD + " bytes");
    } else {
      byte[] payload = body.array();
      int length = body.position();
      dispatch(type, (int) id, id, payload, length);
    }
    head.clear();
    body = null;
    skipping = false;
  }

  private void data(int id, long longId) {
    int n;
    byte[] chunk = null;
    if (skipping) {
      n = (int) (skipped + sink.position());
    } else {
      n = body.position() - Piece.HEADROOM;
      chunk = body.array();
    }
    connectionReceiveRemaining -= n;
    if (connectionReceiveRemaining < 0) {
      protocolError(CloseCodes.POLICY_VIOLATION, "data past the connection window");
      return;
    }
    SubStream stream = streams.get(id);
    if (chunk == null || stream == null) {
      connectionCreditDue.addAndGet(n);
      if (stream == null && !seen(longId)) {
        streamError(id, "unknown stream id " + longId);
      } else if (stream != null) {
        endStream(
            stream,
            CloseCodes.STREAM_PROTOCOL_ERROR,
            stream.clientFin ? "DATA after FIN" : "DATA before the stream was accepted",
            true);
      }
      return;
    }
    if (n == 0) {
      return;
    }
    stream.receiveRemaining -= n;
    if (stream.receiveRemaining < 0) {
      connectionCreditDue.addAndGet(n);
      endStream(stream, CloseCodes.FLOW_CONTROL, "data past the stream window", true);
      return;
    }
    if (chunk.length != Piece.HEADROOM + n) {
      chunk = Arrays.copyOf(chunk, Piece.HEADROOM + n);
    }
    stream.receive(chunk, n);
  }

  private void dispatch(int type, int id, long longId, byte[] payload, int length) {
    if (type == FrameType.WINDOW && longId == 0) {
      connectionWindow(payload, length);
      return;
    }
    if (type == FrameType.OPEN) {
      open(id, longId, payload, length);
      return;
    }
    SubStream stream = streams.get(id);
    if (stream == null) {
      if (!seen(longId) && type != FrameType.CLOSE) {
        streamError(id, "unknown stream id " + longId);
      }
      return;
    }
    try {
      switch (type) {
        case FrameType.WINDOW -> streamWindow(stream, MuxFrames.readWindow(payload, 0, length));
        case FrameType.FIN -> clientFin(stream);
        case FrameType.CLOSE -> clientClose(stream, MuxFrames.readClose(payload, 0, length));
        case FrameType.ACCEPT, FrameType.REFUSE -> answer(stream, type, payload, length);
        default ->
            endStream(stream, CloseCodes.STREAM_PROTOCOL_ERROR, "unknown frame type " + type, true);
      }
    } catch (IllegalArgumentException e) {
      endStream(stream, CloseCodes.STREAM_PROTOCOL_ERROR, e.getMessage(), true);
    }
  }

  private void open(int id, long longId, byte[] payload, int length) {
    if (longId % 2 == 0 || longId <= highestClientId) {
      send(
          FrameType.REFUSE,
          id,
          refusal(
              400004,
              streams.containsKey(id)
                  ? "stream id " + longId + " is in use"
                  : "stream id " + longId + " was used before: a client's ids are odd and increase",
              0));
      return;
    }
    highestClientId = longId;
    if (pendingOpens >= settings.maxPendingOpens()) {
      send(
          FrameType.REFUSE,
          id,
          refusal(
              429001,
              "too many stream requests waiting on this connection (at most "
                  + settings.maxPendingOpens()
                  + "); retry in 1 s",
              1));
      return;
    }
    if (streams.size() >= settings.maxStreams()) {
      send(
          FrameType.REFUSE,
          id,
          refusal(
              429001,
              "this connection carries its maximum of " + settings.maxStreams() + " streams",
              1));
      return;
    }
    SubStream stream = new SubStream(id, this, SubStream.State.OPENING, settings.streamWindow());
    streams.put(id, stream);
    pendingOpens++;
    role.open(this, stream, payload, 0, length);
  }

  private void answer(SubStream stream, int type, byte[] payload, int length) {
    if (stream.state != SubStream.State.OFFERED) {
      endStream(
          stream,
          CloseCodes.STREAM_PROTOCOL_ERROR,
          FrameType.name(type) + " for a stream that was not offered",
          true);
      return;
    }
    role.answered(this, stream, type == FrameType.ACCEPT, payload, 0, length);
  }

  private void connectionWindow(byte[] payload, int length) {
    long increment;
    try {
      increment = MuxFrames.readWindow(payload, 0, length);
    } catch (IllegalArgumentException e) {
      protocolError(CloseCodes.PROTOCOL_ERROR, "connection WINDOW: " + e.getMessage());
      return;
    }
    if (connectionSendWindow + increment > MuxFrames.MAX_WINDOW) {
      protocolError(CloseCodes.PROTOCOL_ERROR, "connection WINDOW lifts the window above 2^31-1");
      return;
    }
    connectionSendWindow += increment;
    turns.addAll(starved);
    starved.clear();
  }

  private void streamWindow(SubStream stream, long increment) {
    if (stream.sendWindow + increment > MuxFrames.MAX_WINDOW) {
      endStream(
          stream,
          CloseCodes.STREAM_PROTOCOL_ERROR,
          "WINDOW lifts the stream window above 2^31-1",
          true);
      return;
    }
    stream.sendWindow += increment;
    if (!turns.contains(stream)) {
      turns.add(stream);
    }
  }

  private void clientFin(SubStream stream) {
    if (stream.state != SubStream.State.OPEN || stream.clientFin) {
      endStream(
          stream,
          CloseCodes.STREAM_PROTOCOL_ERROR,
          "FIN on a stream that is not open or was half-closed before",
          true);
      return;
    }
    stream.receiveFin();
    wake(stream);
  }

  private void clientClose(SubStream stream, StreamClose close) {
    String reason = close.reason().isEmpty() ? "" : ": " + close.reason();
    stream.closeSent = true;
    endStream(stream, close.code(), "the " + role.side().label() + " side closed" + reason, false);
  }

  private void controlFrame(int opcode, byte[] payload) {
    role.heard(this);
    if (opcode == Opcodes.PING) {
      pong = payload;
    } else if (opcode == Opcodes.CLOSE) {
      inputDone = true;
      CloseFrame frame;
      try {
        frame = CloseFrame.parse(payload, payload.length);
      } catch (FrameException e) {
        frame = new CloseFrame(CloseCodes.PROTOCOL_ERROR, "");
      }
      int code = frame.code() == CloseFrame.NO_STATUS ? CloseCodes.NORMAL : frame.code();
      endStreams(
          CloseCodes.PEER_CLOSED, "the " + role.side().label() + " side's connection closed");
      if (!closeSent && closeRequest == null) {
        closeRequest = new CloseFrame(CloseFrame.isValidCode(code) ? code : CloseCodes.NORMAL, "");
      }
    }
  }

  // Writing.

  private boolean write() throws IOException {
    boolean progress = false;
    while (!closeSent) {
      if (!out.isReady()) {
        return progress;
      }
      if (holdingBytes >= 0) {
        holdingFrom.take(holdingBytes);
        holdingFrom = null;
        holdingBytes = -1;
        progress = true;
      }
      if (writeLiveness() || writeQueued() || grantConnection()) {
        progress = true;
        continue;
      }
      SubStream stream = turns.poll();
      if (stream != null) {
        progress |= serve(stream);
        continue;
      }
      if (closeRequest != null) {
        out.write(closeRequest.toFrame());
        closeSent = true;
        unflushed = true;
        progress = true;
        continue;
      }
      if (unflushed) {
        out.flush();
        unflushed = false;
        progress = true;
        continue;
      }
      return progress;
    }
    if (unflushed && out.isReady()) {
      out.flush();
      unflushed = false;
      return true;
    }
    return progress;
  }

  private boolean writeLiveness() throws IOException {
    byte[] answer = pong;
    if (answer != null) {
      pong = null;
      byte[] frame = new byte[2 + answer.length];
      frame[0] = (byte) (0x80 | Opcodes.PONG);
      frame[1] = (byte) answer.length;
      System.arraycopy(answer, 0, frame, 2, answer.length);
      writeWhole(frame);
      return true;
    }
    if (pingWanted.getAndSet(false)) {
      writeWhole(PING);
      return true;
    }
    return false;
  }

  private boolean writeQueued() throws IOException {
    byte[] frame = frames.poll();
    if (frame == null) {
      return false;
    }
    writeWhole(frame);
    return true;
  }

  private boolean grantConnection() throws IOException {
    long due = connectionCreditDue.get();
    if (due < grantThreshold(settings.connectionWindow())) {
      return false;
    }
    due = connectionCreditDue.getAndSet(0);
    connectionReceiveRemaining += due;
    writeWhole(frame(FrameType.WINDOW, 0, MuxFrames.window(due)));
    return true;
  }

  /** Does one thing for {@code stream}: grant credit, or send one frame of its partner's. */
  private boolean serve(SubStream stream) throws IOException {
    if (stream.state == SubStream.State.ENDED) {
      return false;
    }
    long due = stream.creditDue();
    if (due >= grantThreshold(stream.receiveWindow)) {
      due = stream.takeCreditDue();
      stream.receiveRemaining += due;
      writeWhole(frame(FrameType.WINDOW, stream.id, MuxFrames.window(due)));
      turns.add(stream);
      return true;
    }
    if (stream.state != SubStream.State.OPEN) {
      return false;
    }
    StreamPeer partner = stream.partner();
    Outflow from = partner == null ? null : partner.outflow();
    Piece piece = from == null || stream.finSent ? null : from.peek();
    if (stream.abortRequested() && (piece != null || stream.closeRequest() == null)) {
      // An abort (the broker's close grace ran out) gives up what is still to send. A stream with
      // nothing left to send closes as asked instead: the abort would cost the client the data it
      // holds and has not yet written to its local side, and the close goes out just as soon.
      finishStream(stream, new StreamClose(CloseCodes.PEER_CLOSED, "aborted"));
      return true;
    }
    if (piece == null) {
      StreamClose close = stream.closeRequest();
      if (close != null) {
        finishStream(stream, close);
        return true;
      }
      completeIfDone(stream);
      return false;
    }
    if (piece.text()) {
      from.take(piece.length());
      byte[] message = stream.text.add(piece);
      if (message != null && Arrays.equals(message, Piece.FIN_JSON)) {
        writeWhole(frame(FrameType.FIN, stream.id, new byte[0]));
        stream.finSent = true;
        completeIfDone(stream);
      } else if (message != null) {
        LOG.log(Level.DEBUG, "{0}: text message dropped on its way to a v2 stream", role.label());
      }
      turns.add(stream);
      return true;
    }
    int n =
        (int)
            Math.min(
                Math.min(piece.length(), MuxFrames.MAX_PAYLOAD),
                Math.min(stream.sendWindow, connectionSendWindow));
    if (n <= 0) {
      if (connectionSendWindow <= 0) {
        starved.add(stream);
      }
      return false;
    }
    writeData(stream.id, piece, n);
    stream.sendWindow -= n;
    connectionSendWindow -= n;
    holdingFrom = from;
    holdingBytes = n;
    turns.add(stream);
    return true;
  }

  /** Writes {@code n} bytes of {@code piece} as a DATA frame, both headers in its headroom. */
  private void writeData(int id, Piece piece, int n) throws IOException {
    int payload = MuxFrames.HEADER_LENGTH + n;
    int wsHeader = payload < 126 ? 2 : payload <= 0xFFFF ? 4 : 10;
    int start = piece.offset() - MuxFrames.HEADER_LENGTH - wsHeader;
    byte[] array = piece.array();
    FrameHeader.encode(array, start, true, Opcodes.BINARY, payload);
    MuxFrames.writeHeader(array, start + wsHeader, FrameType.DATA, id);
    out.write(array, start, wsHeader + payload);
    unflushed = true;
  }

  private void writeWhole(byte[] frame) throws IOException {
    out.write(frame);
    unflushed = true;
  }

  // Streams ending.

  /** Both directions sent FIN and everything was taken: the stream is over with 1000. */
  private void completeIfDone(SubStream stream) {
    if (stream.clientFin
        && stream.finSent
        && stream.isDrained()
        && stream.state == SubStream.State.OPEN) {
      stream.markClosed();
      streams.remove(stream.id, stream);
      broker.end(
          stream.streamId,
          stream.side,
          CloseCodes.NORMAL,
          "the " + stream.side.label() + " side closed");
    }
  }

  /** Sends CLOSE for the broker's close request (or an abort) and forgets the stream. */
  private void finishStream(SubStream stream, StreamClose close) throws IOException {
    if (!stream.closeSent) {
      writeWhole(frame(FrameType.CLOSE, stream.id, MuxFrames.close(close.code(), close.reason())));
      stream.closeSent = true;
    }
    stream.markClosed();
    streams.remove(stream.id, stream);
    if (stream.streamId != null) {
      broker.end(
          stream.streamId,
          stream.side,
          CloseCodes.PEER_CLOSED,
          "the " + stream.side.label() + " side was closed");
    }
  }

  /**
   * Ends a stream because of the client (its CLOSE, a broken rule): sends CLOSE with {@code code}
   * when {@code tell}, and tells the broker, which closes the partner.
   */
  void endStream(SubStream stream, int code, String reason, boolean tell) {
    if (tell && !stream.closeSent) {
      send(FrameType.CLOSE, stream.id, MuxFrames.close(code, reason));
      stream.closeSent = true;
    }
    boolean wasPending = stream.state == SubStream.State.OPENING;
    stream.markClosed();
    streams.remove(stream.id, stream);
    if (wasPending) {
      return; // the open's answer finds it closed and ends the broker's stream then
    }
    if (stream.streamId != null) {
      int partnerCode =
          code == CloseCodes.NORMAL
                  || code >= 4000
                      && code != CloseCodes.STREAM_PROTOCOL_ERROR
                      && code != CloseCodes.FLOW_CONTROL
              ? code
              : CloseCodes.PEER_CLOSED;
      broker.end(stream.streamId, stream.side, partnerCode, reason);
    }
  }

  private void endStreams(int code, String reason) {
    for (SubStream stream : List.copyOf(streams.values())) {
      stream.markClosed();
      if (stream.streamId != null && stream.state != SubStream.State.OPENING) {
        broker.end(stream.streamId, stream.side, code, reason);
      }
    }
    streams.clear();
    turns.clear();
    starved.clear();
  }

  private void streamError(int id, String reason) {
    send(FrameType.CLOSE, id, MuxFrames.close(CloseCodes.STREAM_PROTOCOL_ERROR, reason));
  }

  private boolean seen(long id) {
    return id % 2 == 1 ? id <= highestClientId : id < nextHubId;
  }

  private void protocolError(int code, String reason) {
    LOG.log(Level.INFO, "{0}: broke protocol v2: {1}", role.label(), reason);
    inputDone = true;
    closeWith(code, reason);
  }

  private void closeWith(int code, String reason) {
    if (closeRequest == null && !closeSent) {
      String side = "the " + role.side().label() + " side";
      // The streams' other sides hear the same code as a v1 stream would: 4006 for a silent
      // side, 4004 for a replaced device, 4007 at shutdown; 4000 for anything else.
      switch (code) {
        case CloseCodes.HEARTBEAT_TIMEOUT -> endStreams(code, side + " sent nothing: " + reason);
        case CloseCodes.REPLACED, CloseCodes.SHUTTING_DOWN -> endStreams(code, reason);
        default -> endStreams(CloseCodes.PEER_CLOSED, side + "'s connection was closed: " + reason);
      }
      closeRequest = new CloseFrame(code, reason);
      task.signal();
      if (!inputDone) {
        // The client answers our close; one that never does is dropped after 5 s.
        closer.executeAfter(Duration.ofSeconds(5), () -> run(this::lingerOver));
      }
    }
  }

  /** The client never answered our close (or never read it): give the connection up. */
  private void lingerOver() {
    inputDone = true;
    lingerExpired = true;
  }

  private void lost() {
    if (!closed) {
      endStreams(
          CloseCodes.PEER_CLOSED, "the " + role.side().label() + " side's connection was lost");
      terminate();
    }
  }

  private void terminate() {
    closed = true;
    role.ended(this);
    closeConnection();
  }

  private void closeConnection() {
    closer.execute(
        () -> {
          try {
            connection.close();
          } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing a v2 connection: {0}", e.toString());
          }
        });
  }

  private void inputEnded() {
    inputEnded = true;
    task.signal();
  }

  private void outputFailed() {
    outputFailed = true;
    task.signal();
  }

  private static long grantThreshold(long window) {
    return Math.max(1, window / 4);
  }

  private static byte[] refusal(int errorCode, String message, long retryAfter) {
    return new Refusal(errorCode, message, retryAfter).toJson();
  }

  /** A whole server frame: WebSocket header, v2 header, payload. */
  static byte[] frame(int type, int streamId, byte[] payload) {
    int length = MuxFrames.HEADER_LENGTH + payload.length;
    int wsHeader = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    byte[] frame = new byte[wsHeader + length];
    FrameHeader.encode(frame, 0, true, Opcodes.BINARY, length);
    MuxFrames.writeHeader(frame, wsHeader, type, streamId);
    System.arraycopy(payload, 0, frame, wsHeader + MuxFrames.HEADER_LENGTH, payload.length);
    return frame;
  }
}
