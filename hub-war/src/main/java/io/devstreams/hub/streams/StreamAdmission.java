package io.devstreams.hub.streams;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.settings.StreamLimits;
import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.ErrorCode;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Which stream requests become pending streams: the rate per policy, the limits per device, per hub
 * and on streams not yet paired, and none at all while the hub drains. It hands out each stream's
 * id and tokens, and ends a stream the device never accepted.
 *
 * <p>Its caller is stream initiation (REST and v2 opens alike) and the shutdown; pairing the sides
 * is {@link StreamPairing}'s. The container makes it through {@link StreamBroker}: call it through
 * public methods only.
 */
public class StreamAdmission {

  private static final System.Logger LOG = System.getLogger(StreamAdmission.class.getName());

  private final StreamTable table;
  private final RateLimiter rates;
  private final Secrets secrets = new Secrets(new SecureRandom());
  private volatile boolean draining;

  /** For the container's client proxy only. */
  protected StreamAdmission() {
    this.table = null;
    this.rates = null;
  }

  StreamAdmission(StreamTable table) {
    this.table = table;
    StreamLimits limits = table.settings.limits();
    this.rates = new RateLimiter(limits.ratePerIdentity(), limits.burstPerIdentity());
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
      StreamLimits limits = table.settings.limits();
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
   * Creates a pending stream to a device for the shared access policy {@code requestedBy}, whom the
   * stream's audit record names: a random id and one single-use token per side, valid until {@code
   * handshakeTimeout} from now.
   *
   * @throws HubException THROTTLED when a limit is reached, UNAVAILABLE when the hub is shutting
   *     down
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
    String over = overLimit(table.reserve(deviceId), deviceId);
    if (over != null) {
      throw refuse(requestedBy, deviceId, streamName, HubException.throttled(over, null));
    }
    StreamTicket ticket =
        register(requestedBy, deviceId, streamName, table.now().plus(handshakeTimeout));
    StreamLog.opened(ticket);
    return ticket;
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
    Duration grace = table.settings.shutdownGrace();
    int active = table.activeCount();
    if (active > 0 && !grace.isZero()) {
      LOG.log(
          Level.INFO,
          "shutting down: no new streams; waiting up to "
              + grace.toSeconds()
              + " s for "
              + active
              + " active stream(s) to finish");
      long deadline = System.nanoTime() + grace.toNanos();
      while (table.activeCount() > 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // no event to wait on at shutdown
      }
    }
  }

  /** Returns whether the hub is shutting down and refuses new streams. */
  public boolean isDraining() {
    return draining;
  }

  private String overLimit(StreamTable.Refusal refusal, String deviceId) {
    StreamLimits limits = table.settings.limits();
    return switch (refusal) {
      case NONE -> null;
      case PENDING ->
          "too many streams are waiting for their sides to join (at most "
              + limits.maxPending()
              + ")";
      case TOTAL -> "the hub carries its maximum of " + limits.maxTotal() + " streams";
      case DEVICE ->
          "device '"
              + deviceId
              + "' has its maximum of "
              + limits.maxPerDevice()
              + " streams open; close one first";
    };
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

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }
}
