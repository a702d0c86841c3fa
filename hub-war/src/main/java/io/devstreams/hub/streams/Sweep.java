package io.devstreams.hub.streams;

import io.devstreams.protocol.CloseCodes;
import java.time.Instant;
import java.util.List;

/**
 * One pass of the broker's periodic checks over the stream table: deadlines, liveness and
 * connections slow to close.
 */
final class Sweep {

  private final StreamTable table;

  Sweep(StreamTable table) {
    this.table = table;
  }

  void run() {
    Instant now = table.now();
    for (StreamEntry entry : table.entries()) {
      if (entry.isPaired()) {
        checkLiveness(entry, now);
      } else if (!now.isBefore(entry.deadline)) {
        expire(entry);
      }
    }
    table.reapClosing(now);
  }

  /**
   * Ends a stream, closes every joined side with one code and reason and records it; returns false
   * if the stream had ended already.
   */
  static boolean endAll(StreamTable table, StreamEntry entry, int code, String reason) {
    List<StreamPeer> joined = entry.end();
    if (joined == null) {
      return false;
    }
    table.retire(entry);
    joined.forEach(peer -> table.close(peer, code, reason));
    table.recordClosed(entry, code, reason);
    return true;
  }

  private void checkLiveness(StreamEntry entry, Instant now) {
    for (Side side : Side.values()) {
      switch (entry.check(side, now, table.settings)) {
        case PING -> entry.peer(side).ping();
        case SILENT -> {
          String why =
              "the "
                  + side.label()
                  + " side sent nothing for "
                  + table.settings.idleTimeout().toSeconds()
                  + " s";
          if (endAll(table, entry, CloseCodes.HEARTBEAT_TIMEOUT, why)) {
            StreamLog.closed(entry, why, now);
          }
          return;
        }
        case ALIVE -> {}
      }
    }
  }

  private void expire(StreamEntry entry) {
    List<StreamPeer> joined = entry.endUnlessPaired();
    if (joined == null) {
      return;
    }
    table.retire(entry);
    boolean deviceJoined = entry.peer(Side.DEVICE) != null;
    String why =
        joined.isEmpty()
            ? "neither side joined"
            : "the " + (deviceJoined ? "service" : "device") + " side never joined the stream";
    joined.forEach(peer -> table.close(peer, CloseCodes.PEER_NEVER_JOINED, why));
    table.recordClosed(entry, CloseCodes.PEER_NEVER_JOINED, why);
    StreamLog.expired(entry, why);
  }
}
