package io.devstreams.hub.streams;

import io.devstreams.hub.settings.StreamSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker's record of one stream: token digests, which sides were authorized and joined, and the
 * liveness of each side once paired. Every state change happens under its monitor.
 */
final class StreamEntry {

  /** How a join went. */
  enum JoinOutcome {
    WAITING,
    PAIRED,
    NOT_AUTHORIZED,
    ALREADY_JOINED,
    GONE,
    /** The other side joined and left before this one came: see {@link #leftCode()}. */
    PARTNER_LEFT
  }

  /** Why a token was refused although it matched this stream. */
  enum Refusal {
    NONE,
    EXPIRED,
    ALREADY_USED
  }

  final String id;
  final String requestedBy;
  final Instant openedAt;
  final String deviceId;
  final String streamName;
  final Instant deadline;
  private final byte[] deviceDigest;
  private final byte[] serviceDigest;
  private final boolean[] authorized = new boolean[2];
  private final StreamPeer[] peers = new StreamPeer[2];
  private final Liveness[] liveness = new Liveness[2];
  private Instant pairedAt;
  private boolean ended;
  private int leftCode;
  private String leftReason;

  StreamEntry(
      String id,
      String requestedBy,
      Instant openedAt,
      String deviceId,
      String streamName,
      Instant deadline,
      byte[] deviceDigest,
      byte[] serviceDigest) {
    this.id = id;
    this.requestedBy = requestedBy;
    this.openedAt = openedAt;
    this.deviceId = deviceId;
    this.streamName = streamName;
    this.deadline = deadline;
    this.deviceDigest = deviceDigest;
    this.serviceDigest = serviceDigest;
  }

  /** Returns the side a token digest belongs to, or null; both digests are always compared. */
  Side sideOf(byte[] presentedDigest) {
    boolean device = Secrets.matches(deviceDigest, presentedDigest);
    boolean service = Secrets.matches(serviceDigest, presentedDigest);
    return device ? Side.DEVICE : service ? Side.SERVICE : null;
  }

  /** Consumes a side's token: it works once, and only before the deadline. */
  synchronized Refusal consume(Side side, Instant now) {
    if (ended || !now.isBefore(deadline)) {
      return Refusal.EXPIRED;
    }
    if (authorized[side.ordinal()]) {
      return Refusal.ALREADY_USED;
    }
    authorized[side.ordinal()] = true;
    return Refusal.NONE;
  }

  /** Attaches a connection to an authorized side; pairs the stream when both are there. */
  synchronized JoinOutcome join(Side side, StreamPeer peer, Instant now) {
    if (ended || (pairedAt == null && !now.isBefore(deadline))) {
      return JoinOutcome.GONE;
    }
    if (!authorized[side.ordinal()]) {
      return JoinOutcome.NOT_AUTHORIZED;
    }
    if (peers[side.ordinal()] != null) {
      return JoinOutcome.ALREADY_JOINED;
    }
    if (leftReason != null) {
      return JoinOutcome.PARTNER_LEFT;
    }
    peers[side.ordinal()] = peer;
    if (peers[side.other().ordinal()] == null) {
      return JoinOutcome.WAITING;
    }
    pairedAt = now;
    liveness[0] = new Liveness(now);
    liveness[1] = new Liveness(now);
    return JoinOutcome.PAIRED;
  }

  /**
   * Records that the only side joined so far has left, so that the other side, if it still comes
   * before the deadline, is told why; returns false (and records nothing) once both had joined.
   */
  synchronized boolean leave(Side side, int code, String reason) {
    if (ended || pairedAt != null || peers[side.other().ordinal()] != null) {
      return false;
    }
    leftCode = code;
    leftReason = reason;
    return true;
  }

  synchronized int leftCode() {
    return leftCode;
  }

  synchronized String leftReason() {
    return leftReason;
  }

  /** Marks the stream ended unless it is paired; returns its peers, or null if it did not end. */
  synchronized List<StreamPeer> endUnlessPaired() {
    return pairedAt == null ? end() : null;
  }

  /** Marks the stream ended; returns the peers that had joined, or null if it had ended. */
  synchronized List<StreamPeer> end() {
    if (ended) {
      return null;
    }
    ended = true;
    List<StreamPeer> joined = new ArrayList<>(2);
    for (StreamPeer peer : peers) {
      if (peer != null) {
        joined.add(peer);
      }
    }
    return joined;
  }

  synchronized boolean isPaired() {
    return pairedAt != null;
  }

  synchronized Instant pairedAt() {
    return pairedAt;
  }

  synchronized StreamPeer peer(Side side) {
    return peers[side.ordinal()];
  }

  /**
   * Checks one side of a paired stream; see {@link Liveness#check}. A one-way stream's receiver
   * sends nothing, and its pong waits behind the data queued for it, so two more things count as
   * signs of life: bytes it keeps taking from its partner, and data waiting for it (its partner
   * held back). A receiver that is truly gone with data in flight is then ended by TCP's own
   * retransmission timeout, which closes the connection; the heartbeat covers idle streams.
   */
  synchronized Liveness.Verdict check(Side side, Instant now, StreamSettings settings) {
    StreamPeer peer = peers[side.ordinal()];
    StreamPeer partner = peers[side.other().ordinal()];
    long signs = peer.bytesHeard() + (partner == null ? 0 : partner.bytesRelayed());
    boolean waiting = peer.heldBack() || (partner != null && partner.heldBack());
    return liveness[side.ordinal()].check(signs, waiting, now, settings);
  }

  /** Returns the payload bytes relayed from one side, or 0 if it has not joined. */
  long bytesFrom(Side side) {
    StreamPeer peer = peer(side);
    return peer == null ? 0 : peer.bytesRelayed();
  }
}
