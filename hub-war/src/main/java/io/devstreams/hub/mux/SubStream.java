package io.devstreams.hub.mux;

import io.devstreams.hub.streams.Outflow;
import io.devstreams.hub.streams.Piece;
import io.devstreams.hub.streams.Side;
import io.devstreams.hub.streams.StreamPeer;
import io.devstreams.protocol.mux.StreamClose;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One stream of a v2 connection, the broker's peer for its side: what the client sends on it waits
 * here as pieces for the partner (at most the window the hub granted), and what the partner offers
 * goes out as {@code DATA} frames within the client's windows.
 *
 * <p>Its state belongs to its connection's task; the partner reaches it only through {@link
 * #outflow()} and {@link #wake()}, the broker through the {@link StreamPeer} methods, and both only
 * set what the task then acts on.
 */
final class SubStream implements StreamPeer, Outflow {

  /** Where the stream is in its life, as its connection's task sees it. */
  enum State {
    /** A client's {@code OPEN} waits for the device's answer. */
    OPENING,
    /** The hub offered it to a device and waits for {@code ACCEPT}. */
    OFFERED,
    /** Open: data may flow. */
    OPEN,
    /** Over: nothing more is sent or taken. */
    ENDED
  }

  final int id;
  final MuxConnection connection;
  final long receiveWindow;
  State state;
  String streamId;
  Side side;
  long sendWindow;
  long receiveRemaining;
  boolean clientFin;
  boolean finSent;
  boolean closeSent;
  final TextCollector text = new TextCollector();
  Object answer;

  private final ConcurrentLinkedQueue<Piece> received = new ConcurrentLinkedQueue<>();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong creditDue = new AtomicLong();
  private final AtomicLong relayed = new AtomicLong();
  final AtomicBoolean wakePending = new AtomicBoolean();
  private int headTaken;
  private volatile StreamPeer partner;
  private volatile StreamClose closeRequest;
  private volatile boolean abortRequested;
  private volatile boolean inputFinished;
  private volatile boolean closed;

  SubStream(int id, MuxConnection connection, State state, long receiveWindow) {
    this.id = id;
    this.connection = connection;
    this.state = state;
    this.receiveWindow = receiveWindow;
    this.receiveRemaining = receiveWindow;
  }

  // The task's side.

  /** Keeps what the client sent for the partner; the caller checked the windows. */
  void receive(byte[] array, int length) {
    received.add(Piece.data(array, Piece.HEADROOM, length));
    queued.addAndGet(length);
    relayed.addAndGet(length);
    wakePartner();
  }

  /** The client half-closed: the partner gets the {@code fin} after the data before it. */
  void receiveFin() {
    clientFin = true;
    received.add(Piece.fin());
    inputFinished = true;
    wakePartner();
  }

  /** Offers nothing more to the partner; what it did not take yet stays taken by nobody. */
  void stopInput() {
    inputFinished = true;
    wakePartner();
  }

  StreamPeer partner() {
    return partner;
  }

  StreamClose closeRequest() {
    return closeRequest;
  }

  boolean abortRequested() {
    return abortRequested;
  }

  /** Returns and clears the bytes the partner took that the client was not granted again yet. */
  long takeCreditDue() {
    return creditDue.getAndSet(0);
  }

  long creditDue() {
    return creditDue.get();
  }

  void markClosed() {
    state = State.ENDED;
    closed = true;
    inputFinished = true;
    dropReceived();
  }

  private void dropReceived() {
    long dropped = 0;
    Piece piece;
    while ((piece = received.poll()) != null) {
      dropped += piece.text() ? 0 : piece.length();
    }
    queued.addAndGet(-dropped);
  }

  private void wakePartner() {
    StreamPeer other = partner;
    if (other != null) {
      other.wake();
    }
  }

  // The partner's side: the outflow.

  @Override
  public Piece peek() {
    Piece head = received.peek();
    if (head == null || headTaken == 0) {
      return head;
    }
    return new Piece(
        head.text(),
        head.array(),
        head.offset() + headTaken,
        head.length() - headTaken,
        false,
        head.last());
  }

  @Override
  public void take(int n) {
    Piece head = received.peek();
    if (head == null) {
      return;
    }
    headTaken += n;
    if (headTaken < head.length()) {
      credit(n, head);
      return;
    }
    received.poll();
    headTaken = 0;
    credit(n, head);
  }

  private void credit(int n, Piece head) {
    if (head.text() || n == 0) {
      connection.wake(this); // a fin taken may complete the stream
      return;
    }
    queued.addAndGet(-n);
    long due = creditDue.addAndGet(n);
    connection.taken(this, n, due);
  }

  @Override
  public boolean isDrained() {
    return inputFinished && received.isEmpty();
  }

  // The broker's side.

  @Override
  public void paired(StreamPeer other) {
    partner = other;
    connection.wake(this);
    other.wake();
  }

  @Override
  public Outflow outflow() {
    return this;
  }

  @Override
  public void wake() {
    connection.wake(this);
  }

  @Override
  public void close(int code, String reason) {
    if (closeRequest == null) {
      closeRequest = new StreamClose(code, reason);
      connection.wake(this);
    }
  }

  @Override
  public void abort() {
    abortRequested = true;
    connection.wake(this);
  }

  @Override
  public void ping() {
    connection.ping();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public long bytesHeard() {
    return connection.bytesHeard();
  }

  @Override
  public boolean heldBack() {
    return queued.get() > 0;
  }

  @Override
  public long bytesRelayed() {
    return relayed.get();
  }

  @Override
  public long bytesBuffered() {
    return queued.get();
  }

  /** Puts a text message from the partner back together, to find the {@code fin} in it. */
  static final class TextCollector {
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

    /** Adds a text piece; returns the whole message once its last piece came, else null. */
    byte[] add(Piece piece) {
      if (piece.first()) {
        bytes.reset();
      }
      if (bytes.size() + piece.length() <= 64 * 1024) {
        bytes.write(piece.array(), piece.offset(), piece.length());
      }
      if (!piece.last()) {
        return null;
      }
      byte[] message = bytes.toByteArray();
      bytes.reset();
      return message;
    }
  }
}
