package io.devstreams.hub.streams;

import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.ErrorCode;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;

/**
 * Brings the two sides of an admitted stream together and ends it: checks each side's single-use
 * token, pairs the connections that join ({@link StreamPeer}s: a v1 WebSocket, a v2 sub-stream),
 * closes a stream's partner when one side leaves, and sweeps for deadlines and silent sides.
 *
 * <p>Its callers are the relays (v1 and v2), an operator's close from the console and the shutdown.
 * The container makes it through {@link StreamBroker}: call it through public methods only.
 */
public class StreamPairing {

  private static final System.Logger LOG = System.getLogger(StreamPairing.class.getName());

  private final StreamTable table;
  private final Sweep sweep;

  /** For the container's client proxy only. */
  protected StreamPairing() {
    this.table = null;
    this.sweep = null;
  }

  StreamPairing(StreamTable table) {
    this.table = table;
    this.sweep = new Sweep(table);
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

  /**
   * Runs the periodic checks: streams not paired by their deadline are closed with 4001 (or just
   * forgotten), silent sides are pinged and then closed with 4006, and connections that do not
   * finish closing within the close grace are dropped.
   */
  public void sweep() {
    sweep.run();
  }

  private void pair(StreamEntry entry, Side side, StreamPeer peer) {
    table.paired(entry);
    StreamLog.paired(entry, side);
    StreamPeer waiting = entry.peer(side.other());
    waiting.paired(peer);
    peer.paired(waiting);
  }
}
