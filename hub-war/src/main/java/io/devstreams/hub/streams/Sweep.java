package io.devstreams.hub.streams;

import io.devstreams.protocol.CloseCodes;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One pass of the broker's periodic checks over the stream table: deadlines, liveness and
 * connections slow to close.
 */
final class Sweep {

  private static final System.Logger LOG = System.getLogger(StreamBroker.class.getName());

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

  /** Ends a stream and closes every joined side with one code and reason. */
  static void endAll(StreamTable table, StreamEntry entry, int code, String reason) {
    List<StreamPeer> joined = entry.end();
    if (joined != null) {
      table.retire(entry);
      joined.forEach(peer -> table.close(peer, code, reason));
    }
  }

  /** Logs the end of a stream with its age and bytes. */
  static void logEnd(StreamEntry entry, String why, Instant now) {
    Instant pairedAt = entry.pairedAt();
    LOG.log(
        Level.INFO,
        "stream {0} of device {1} closed after {2} s: {3}; {4} bytes from device, {5} from service",
        entry.id,
        entry.deviceId,
        pairedAt == null ? 0 : Duration.between(pairedAt, now).toSeconds(),
        why,
        entry.bytesFrom(Side.DEVICE),
        entry.bytesFrom(Side.SERVICE));
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
          endAll(table, entry, CloseCodes.HEARTBEAT_TIMEOUT, why);
          logEnd(entry, why, now);
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
    LOG.log(Level.INFO, "stream {0} of device {1} expired: {2}", entry.id, entry.deviceId, why);
  }
}
