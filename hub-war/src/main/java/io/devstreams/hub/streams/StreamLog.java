package io.devstreams.hub.streams;

import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The stream lifecycle as the hub logs it, always with the stream id and the device id, never with
 * a token: at INFO, two lines for a stream that relays (paired: who asked for which service;
 * closed: how long, why, bytes) and one for every refusal, cancellation or expiry; the steps
 * between at DEBUG ({@code FINE}). Six INFO lines per stream were a fifth of the hub's CPU at 200
 * new streams a second.
 *
 * <p>Through {@code java.util.logging} itself, with the source named and the text built here: the
 * {@code System.Logger} bridge leaves a record's source class to be found, and the console
 * formatter asks for it on every line (though it never prints it), a walk of the stack each time,
 * and each {@code MessageFormat} pattern was parsed again for every line. The two were 4-5% of the
 * hub's CPU per stream in a profile at 800 new streams a second.
 */
final class StreamLog {

  private static final String SOURCE = StreamBroker.class.getName();
  private static final Logger LOG = Logger.getLogger(SOURCE);

  private StreamLog() {}

  static void opened(StreamTicket ticket) {
    if (LOG.isLoggable(Level.FINE)) {
      LOG.logp(
          Level.FINE,
          SOURCE,
          "opened",
          "stream "
              + ticket.streamId()
              + " opened to device "
              + ticket.deviceId()
              + " for service '"
              + ticket.streamName()
              + "'; both sides must join by "
              + ticket.deadline());
    }
  }

  static void unknownToken() {
    LOG.logp(
        Level.FINE, SOURCE, "refused", "refused a stream token: unknown stream or wrong token");
  }

  static void refused(StreamEntry entry, Side side, String why) {
    info(entry, "refused", "refused the " + side.label() + " side: " + why);
  }

  static void waiting(StreamEntry entry, Side joined) {
    if (LOG.isLoggable(Level.FINE)) {
      LOG.logp(
          Level.FINE,
          SOURCE,
          "waiting",
          prefix(entry)
              + joined.label()
              + " side joined; waiting for the "
              + joined.other().label()
              + " side");
    }
  }

  static void paired(StreamEntry entry, Side last) {
    info(
        entry,
        "paired",
        "service '"
            + entry.streamName
            + "' for policy '"
            + entry.requestedBy
            + "' paired ("
            + last.label()
            + " side joined last); relaying");
  }

  static void left(StreamEntry entry, Side side, String reason) {
    info(entry, "left", reason + " before the " + side.other().label() + " side joined");
  }

  static void cancelled(StreamEntry entry, String reason) {
    info(entry, "cancelled", "cancelled: " + reason);
  }

  static void expired(StreamEntry entry, String why) {
    info(entry, "expired", "expired: " + why);
  }

  /** Logs the end of a stream with its age and the bytes relayed each way. */
  static void closed(StreamEntry entry, String why, Instant now) {
    if (!LOG.isLoggable(Level.INFO)) {
      return;
    }
    Instant pairedAt = entry.pairedAt();
    LOG.logp(
        Level.INFO,
        SOURCE,
        "closed",
        "stream "
            + entry.id
            + " of device "
            + entry.deviceId
            + " closed after "
            + (pairedAt == null ? 0 : Duration.between(pairedAt, now).toSeconds())
            + " s: "
            + why
            + "; "
            + entry.bytesFrom(Side.DEVICE)
            + " bytes from device, "
            + entry.bytesFrom(Side.SERVICE)
            + " from service");
  }

  private static void info(StreamEntry entry, String what, String text) {
    if (LOG.isLoggable(Level.INFO)) {
      LOG.logp(Level.INFO, SOURCE, what, prefix(entry) + text);
    }
  }

  private static String prefix(StreamEntry entry) {
    return "stream " + entry.id + " of device " + entry.deviceId + ": ";
  }
}
