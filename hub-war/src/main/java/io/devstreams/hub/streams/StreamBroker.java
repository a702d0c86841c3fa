package io.devstreams.hub.streams;

import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.ErrorCode;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Creates streams, authorizes and pairs their two sides, and ends them: the one holder of shared
 * stream state.
 *
 * <p>Relaying is not done here: a joined side is a {@link StreamPeer}; the broker tells it its
 * partner, asks it to ping or close, and reads its counters. In the container a managed scheduler
 * calls {@link #sweep()} every second; tests call it themselves with a fixed clock.
 */
@ApplicationScoped
public class StreamBroker {

  private static final long SWEEP_MILLIS = 1000;

  /** Key of the shutdown grace: how long active streams may run on after a SIGTERM. */
  public static final String SHUTDOWN_GRACE = "devstreams.shutdown.grace";

  /** Whom a stream's record names when the caller did not say who asked. */
  static final String UNKNOWN_REQUESTER = "-";

  private static final System.Logger LOG = System.getLogger(StreamBroker.class.getName());

  private final StreamTable table;
  private final Sweep sweep;
  private final Secrets secrets = new Secrets(new SecureRandom());
  private final StreamLimits limits;
  private final RateLimiter rates;
  private final Duration shutdownGrace;
  private volatile boolean draining;

  @Resource private ManagedScheduledExecutorService scheduler;
  private ScheduledFuture<?> sweeping;

  /** For the container's client proxy only. */
  protected StreamBroker() {
    this(StreamSettings.defaults(), Clock.systemUTC(), Duration.ZERO);
  }

  /** Creates the broker from MicroProfile Config; {@link StreamSettings} documents the keys. */
  @Inject
  public StreamBroker(
      @ConfigProperty(name = StreamSettings.PING_INTERVAL, defaultValue = "PT20S")
          Duration pingInterval,
      @ConfigProperty(name = StreamSettings.IDLE_TIMEOUT, defaultValue = "PT60S")
          Duration idleTimeout,
      @ConfigProperty(name = StreamSettings.CLOSE_GRACE, defaultValue = "PT5S") Duration closeGrace,
      @ConfigProperty(name = StreamSettings.MAX_PENDING, defaultValue = "10000") int maxPending,
      @ConfigProperty(name = SHUTDOWN_GRACE, defaultValue = "PT20S") Duration shutdownGrace,
      @ConfigProperty(name = StreamLimits.MAX_PER_DEVICE, defaultValue = "64") int maxPerDevice,
      @ConfigProperty(name = StreamLimits.MAX_TOTAL, defaultValue = "10000") int maxTotal,
      @ConfigProperty(name = StreamLimits.RATE, defaultValue = "50") double rate,
      @ConfigProperty(name = StreamLimits.BURST, defaultValue = "100") int burst,
      StreamRecorder recorder,
      StreamEvents events) {
    this(
        new StreamSettings(pingInterval, idleTimeout, closeGrace, maxPending),
        new StreamLimits(maxPerDevice, maxTotal, rate, burst),
        Clock.systemUTC(),
        shutdownGrace,
        recorder,
        events);
  }

  /** Creates a broker with explicit settings and clock; nothing sweeps unless the caller does. */
  public StreamBroker(StreamSettings settings, Clock clock) {
    this(settings, clock, Duration.ZERO);
  }

  /**
   * Creates a broker with explicit settings, clock and shutdown grace; nothing sweeps unless the
   * caller does.
   */
  public StreamBroker(StreamSettings settings, Clock clock, Duration shutdownGrace) {
    this(settings, clock, shutdownGrace, StreamRecorder.NONE);
  }

  /**
   * Creates a broker that hands the audit record of every stream request to {@code recorder};
   * nothing sweeps unless the caller does.
   */
  public StreamBroker(
      StreamSettings settings, Clock clock, Duration shutdownGrace, StreamRecorder recorder) {
    this(settings, StreamLimits.defaults(), clock, shutdownGrace, recorder);
  }

  /**
   * Creates a broker with explicit settings, limits, clock, shutdown grace and recorder; nothing
   * sweeps unless the caller does.
   */
  public StreamBroker(
      StreamSettings settings,
      StreamLimits limits,
      Clock clock,
      Duration shutdownGrace,
      StreamRecorder recorder) {
    this(settings, limits, clock, shutdownGrace, recorder, StreamEvents.NONE);
  }

  /**
   * Creates a broker as the constructor above does, which also tells {@code events} (the hub's
   * metrics) when streams pair and end.
   */
  public StreamBroker(
      StreamSettings settings,
      StreamLimits limits,
      Clock clock,
      Duration shutdownGrace,
      StreamRecorder recorder,
      StreamEvents events) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.rates = new RateLimiter(limits.ratePerIdentity(), limits.burstPerIdentity());
    this.table =
        new StreamTable(
            Objects.requireNonNull(settings, "settings"),
            Objects.requireNonNull(clock, "clock"),
            Objects.requireNonNull(recorder, "recorder"),
            Objects.requireNonNull(events, "events"));
    this.sweep = new Sweep(table);
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException(SHUTDOWN_GRACE + " must not be negative");
    }
    this.shutdownGrace = shutdownGrace;
  }

  /**
   * Creates a pending stream to a device: a random id and one single-use token per side, valid
   * until {@code handshakeTimeout} from now.
   *
   * @throws HubException THROTTLED when the maximum of pending streams is reached, UNAVAILABLE when
   *     the hub is shutting down
   */
  public StreamTicket open(String deviceId, String streamName, Duration handshakeTimeout) {
    return open(UNKNOWN_REQUESTER, deviceId, streamName, handshakeTimeout);
  }

  /**
   * Creates a pending stream as {@link #open(String, String, Duration)} does, for the shared access
   * policy {@code requestedBy}, whom the stream's audit record names.
   */
  public StreamTicket open(
      String requestedBy, String deviceId, String streamName, Duration handshakeTimeout) {
    Objects.requireNonNull(requestedBy, "requestedBy");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(streamName, "streamName");
    if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
      throw new IllegalArgumentException("handshake timeout must be positive: " + handshakeTimeout);
    }
    if (draining) {
      throw refuse(
          requestedBy,
          deviceId,
          streamName,
          new HubException(
              HubException.Kind.UNAVAILABLE,
              ErrorCode.SERVICE_UNAVAILABLE,
              "the hub is shutting down and takes no new streams: retry once it is back"));
    }
    String over =
        switch (table.reserve(deviceId, limits)) {
          case NONE -> null;
          case PENDING ->
              "too many streams are waiting for their sides to join (at most "
                  + table.settings.maxPending()
                  + ")";
          case TOTAL -> "the hub carries its maximum of " + limits.maxTotal() + " streams";
          case DEVICE ->
              "device '"
                  + deviceId
                  + "' has its maximum of "
                  + limits.maxPerDevice()
                  + " streams open; close one first";
        };
    if (over != null) {
      throw refuse(requestedBy, deviceId, streamName, HubException.throttled(over, null));
    }
    StreamTicket ticket =
        register(requestedBy, deviceId, streamName, table.now().plus(handshakeTimeout));
    StreamLog.opened(ticket);
    return ticket;
  }

  /**
   * Admits a new stream request from {@code requestedBy} under its rate limit, before anything else
   * is done for it: other identities are never slowed by one that asks too often.
   *
   * @throws HubException THROTTLED, with the time until a new stream is allowed, when over the rate
   */
  public void admit(String requestedBy, String deviceId, String streamName) {
    Duration wait = rates.acquire(requestedBy, table.now());
    if (!wait.isZero()) {
      throw refuse(
          requestedBy,
          deviceId,
          streamName,
          HubException.throttled(
              "policy '"
                  + requestedBy
                  + "' asked for more than "
                  + number(limits.ratePerIdentity())
                  + " new streams a second (burst "
                  + limits.burstPerIdentity()
                  + "); retry in "
                  + Math.max(1, (wait.toMillis() + 999) / 1000)
                  + " s",
              wait));
    }
  }

  /**
   * Checks a bearer token before the connection is upgraded and consumes it: returns, once, the
   * side the token belongs to.
   *
   * @throws HubException UNAUTHORIZED for an unknown stream or a wrong token (one answer for both,
   *     so that ids cannot be probed), an expired stream or a token already used
   */
  public Side authorize(String streamId, String bearerToken) {
    byte[] presented = Secrets.digest(bearerToken == null ? "" : bearerToken);
    StreamEntry entry = table.get(streamId);
    Side side = entry == null ? null : entry.sideOf(presented);
    if (side == null) {
      StreamLog.unknownToken();
      throw HubException.unauthorized();
    }
    StreamEntry.Refusal refusal = entry.consume(side, table.now());
    if (refusal == StreamEntry.Refusal.NONE) {
      return side;
    }
    String why =
        refusal == StreamEntry.Refusal.EXPIRED
            ? "stream token expired"
            : "stream token already used: the " + side.label() + " side has joined this stream";
    StreamLog.refused(entry, side, why);
    throw new HubException(HubException.Kind.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, why);
  }

  /**
   * Attaches an upgraded connection to the side {@link #authorize} returned; once both sides are
   * there, each peer is told its partner. A join that cannot happen closes the peer with a reason.
   */
  public void join(String streamId, Side side, StreamPeer peer) {
    StreamEntry entry = table.get(streamId);
    StreamEntry.JoinOutcome outcome =
        entry == null ? StreamEntry.JoinOutcome.GONE : entry.join(side, peer, table.now());
    switch (outcome) {
      case WAITING -> StreamLog.waiting(entry, side);
      case PAIRED -> pair(entry, side, peer);
      case GONE ->
          table.close(peer, CloseCodes.EXPIRED, "stream expired or ended before this side joined");
      case NOT_AUTHORIZED ->
          table.close(
              peer, CloseCodes.POLICY_VIOLATION, "this side of the stream was not authorized");
      case ALREADY_JOINED ->
          table.close(
              peer,
              CloseCodes.SIDE_ALREADY_JOINED,
              CloseCodes.describe(CloseCodes.SIDE_ALREADY_JOINED));
      case PARTNER_LEFT -> {
        table.close(peer, entry.leftCode(), entry.leftReason());
        if (Sweep.endAll(table, entry, entry.leftCode(), entry.leftReason())) {
          StreamLog.closed(entry, entry.leftReason(), table.now());
        }
      }
    }
  }

  /**
   * Records that one side ended (closed, vanished or failed) and closes its partner with the code
   * and reason given; later calls for the same stream do nothing. If the partner has not joined
   * yet, the stream waits for it until the deadline, so that it learns why instead of being
   * refused.
   */
  public void end(String streamId, Side side, int code, String reason) {
    StreamEntry entry = table.get(streamId);
    if (entry != null && entry.leave(side, code, reason)) {
      StreamPeer leaving = entry.peer(side);
      if (leaving != null) {
        table.linger(leaving);
      }
      StreamLog.left(entry, side, reason);
      return;
    }
    List<StreamPeer> joined = entry == null ? null : entry.end();
    if (joined == null) {
      return;
    }
    table.retire(entry);
    joined.forEach(table::linger);
    StreamPeer partner = entry.peer(side.other());
    if (partner != null) {
      table.close(partner, code, reason);
    }
    table.recordClosed(entry, code, reason);
    StreamLog.closed(entry, reason, table.now());
  }

  /**
   * Closes a stream on behalf of the shared access policy {@code closedBy} (an operator cutting it
   * from the console): every joined side is closed with {@link CloseCodes#CLOSED_BY_OPERATOR} and a
   * reason naming the policy, and the stream's audit record carries the same code and reason.
   * Returns false if no stream has this id (it never existed or has ended).
   */
  public boolean close(String streamId, String closedBy) {
    Objects.requireNonNull(closedBy, "closedBy");
    StreamEntry entry = table.get(streamId);
    String reason = "closed by policy '" + closedBy + "'";
    if (entry == null || !Sweep.endAll(table, entry, CloseCodes.CLOSED_BY_OPERATOR, reason)) {
      return false;
    }
    StreamLog.closed(entry, reason, table.now());
    return true;
  }

  /**
   * Cancels a stream that is not paired yet as {@link #cancel(String, StreamRecord.Outcome,
   * String)} does, recording it as rejected.
   */
  public boolean cancel(String streamId, String reason) {
    return cancel(streamId, StreamRecord.Outcome.REJECTED, reason);
  }

  /**
   * Cancels a stream that is not paired yet (the device rejected it or did not answer) and records
   * it with {@code outcome}; a side that joined already is closed with 4001. Returns false if the
   * stream is paired or gone.
   */
  public boolean cancel(String streamId, StreamRecord.Outcome outcome, String reason) {
    StreamEntry entry = table.get(streamId);
    List<StreamPeer> joined = entry == null ? null : entry.endUnlessPaired();
    if (joined == null) {
      return false;
    }
    table.retire(entry);
    joined.forEach(
        peer -> table.close(peer, CloseCodes.PEER_NEVER_JOINED, "stream cancelled: " + reason));
    table.recordCancelled(entry, outcome, reason);
    StreamLog.cancelled(entry, reason);
    return true;
  }

  /**
   * Records a stream request that was refused before any stream was opened (no such device, device
   * offline); the record is written off this thread.
   */
  public void recordRefused(
      String requestedBy,
      String deviceId,
      String streamName,
      StreamRecord.Outcome outcome,
      String detail) {
    table.record(
        StreamRecord.refused(requestedBy, deviceId, streamName, outcome, detail, table.now()));
  }

  /**
   * Runs the periodic checks: streams not paired by their deadline are closed with 4001 (or just
   * forgotten), silent sides are pinged and then closed with 4006, and connections that do not
   * finish closing within the close grace are dropped.
   */
  public void sweep() {
    sweep.run();
  }

  /** Returns the paired streams with their age and bytes each way. */
  public List<StreamInfo> active() {
    return table.active();
  }

  /** Returns the number of paired streams. */
  public int activeCount() {
    return table.activeCount();
  }

  /** Returns the number of streams opened (tickets issued) since the hub started. */
  public long openedCount() {
    return table.openedCount();
  }

  /** Returns the number of streams opened but not yet paired. */
  public int pendingCount() {
    return table.pendingCount();
  }

  /** Returns the payload bytes relayed from one side since the hub started. */
  public long bytesRelayed(Side from) {
    return table.bytesRelayed(from);
  }

  /** Returns the bytes read from clients and not yet written to their partners, hub-wide. */
  public long bytesBuffered() {
    return table.bytesBuffered();
  }

  /** Starts the periodic sweep on the container's managed scheduler. */
  @PostConstruct
  void start() {
    if (scheduler != null) {
      sweeping =
          scheduler.scheduleWithFixedDelay(
              this::sweepLogged, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Refuses new streams from now on and waits, up to the shutdown grace, for the active ones to
   * finish; returns at once when called again.
   */
  public void drain() {
    synchronized (this) {
      if (draining) {
        return;
      }
      draining = true;
    }
    int active = activeCount();
    if (active > 0 && !shutdownGrace.isZero()) {
      LOG.log(
          Level.INFO,
          "shutting down: no new streams; waiting up to "
              + shutdownGrace.toSeconds()
              + " s for "
              + active
              + " active stream(s) to finish");
      long deadline = System.nanoTime() + shutdownGrace.toNanos();
      while (activeCount() > 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // no event to wait on at shutdown
      }
    }
  }

  /**
   * Shuts down: {@link #drain drains} unless that was done (on SIGTERM, see {@code
   * control.GracefulShutdown}), then closes whatever is left with 4007 and stops sweeping.
   */
  @PreDestroy
  void stop() {
    drain();
    closeAll();
    if (sweeping != null) {
      sweeping.cancel(false);
    }
  }

  /** Closes every stream still open or pending with 4007 "hub is shutting down". */
  public void closeAll() {
    int left = table.entries().size();
    if (left > 0) {
      LOG.log(Level.INFO, "shutting down: closing " + left + " stream(s) with 4007");
    }
    for (StreamEntry entry : table.entries()) {
      Sweep.endAll(table, entry, CloseCodes.SHUTTING_DOWN, "hub is shutting down");
    }
  }

  /** Returns whether the hub is shutting down and refuses new streams. */
  public boolean isDraining() {
    return draining;
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private HubException refuse(
      String requestedBy, String deviceId, String streamName, HubException e) {
    StreamRecord.Outcome outcome =
        e.kind() == HubException.Kind.THROTTLED
            ? StreamRecord.Outcome.THROTTLED
            : StreamRecord.Outcome.UNAVAILABLE;
    recordRefused(requestedBy, deviceId, streamName, outcome, e.getMessage());
    return e;
  }

  private StreamTicket register(
      String requestedBy, String deviceId, String streamName, Instant deadline) {
    String deviceToken = secrets.newToken();
    String serviceToken = secrets.newToken();
    byte[] deviceDigest = Secrets.digest(deviceToken);
    byte[] serviceDigest = Secrets.digest(serviceToken);
    String id;
    do {
      id = secrets.newId();
    } while (!table.add(
        new StreamEntry(
            id,
            requestedBy,
            table.now(),
            deviceId,
            streamName,
            deadline,
            deviceDigest,
            serviceDigest)));
    return new StreamTicket(id, deviceId, streamName, deviceToken, serviceToken, deadline);
  }

  private void pair(StreamEntry entry, Side side, StreamPeer peer) {
    table.paired(entry);
    StreamLog.paired(entry, side);
    StreamPeer waiting = entry.peer(side.other());
    waiting.paired(peer);
    peer.paired(waiting);
  }

  private void sweepLogged() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "stream sweep failed; it runs again in a second", e);
    }
  }
}
