package io.devstreams.hub.streams;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;

/**
 * The stream lifecycle as the hub logs it, always with the stream id and the device id, never with
 * a token: at INFO, two lines for a stream that relays (paired: who asked for which service;
 * closed: how long, why, bytes) and one for every refusal, cancellation or expiry; the steps
 * between at DEBUG. Six INFO lines per stream were a fifth of the hub's CPU at 200 new streams a
 * second.
 */
final class StreamLog {

  private static final System.Logger LOG = System.getLogger(StreamBroker.class.getName());

  private StreamLog() {}

  static void opened(StreamTicket ticket) {
    LOG.log(
        Level.DEBUG,
        "stream {0} opened to device {1} for service ''{2}''; both sides must join by {3}",
        ticket.streamId(),
        ticket.deviceId(),
        ticket.streamName(),
        ticket.deadline());
  }

  static void unknownToken() {
    LOG.log(Level.DEBUG, "refused a stream token: unknown stream or wrong token");
  }

  static void refused(StreamEntry entry, Side side, String why) {
    log(entry, "refused the {2} side: {3}", side.label(), why);
  }

  static void waiting(StreamEntry entry, Side joined) {
    if (LOG.isLoggable(Level.DEBUG)) {
      LOG.log(
          Level.DEBUG,
          "stream {0} of device {1}: {2} side joined; waiting for the {3} side",
          entry.id,
          entry.deviceId,
          joined.label(),
          joined.other().label());
    }
  }

  static void paired(StreamEntry entry, Side last) {
    LOG.log(
        Level.INFO,
        "stream {0} of device {1}: service ''{2}'' for policy ''{3}'' paired ({4} side joined"
            + " last); relaying",
        entry.id,
        entry.deviceId,
        entry.streamName,
        entry.requestedBy,
        last.label());
  }

  static void left(StreamEntry entry, Side side, String reason) {
    log(entry, "{2} before the {3} side joined", reason, side.other().label());
  }

  static void cancelled(StreamEntry entry, String reason) {
    log(entry, "cancelled: {2}", reason, "");
  }

  static void expired(StreamEntry entry, String why) {
    log(entry, "expired: {2}", why, "");
  }

  /** Logs the end of a stream with its age and the bytes relayed each way. */
  static void closed(StreamEntry entry, String why, Instant now) {
    Instant pairedAt = entry.pairedAt();
    LOG.log(
        Level.INFO,
        "stream {0} of device {1} closed after {2,number,#} s: {3}; {4,number,#} bytes from device,"
            + " {5,number,#} from service",
        entry.id,
        entry.deviceId,
        pairedAt == null ? 0 : Duration.between(pairedAt, now).toSeconds(),
        why,
        entry.bytesFrom(Side.DEVICE),
        entry.bytesFrom(Side.SERVICE));
  }

  private static void log(StreamEntry entry, String what, Object first, Object second) {
    LOG.log(
        Level.INFO, "stream {0} of device {1}: " + what, entry.id, entry.deviceId, first, second);
  }
}
