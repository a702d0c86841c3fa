package io.devstreams.hub.streams;

import io.devstreams.hub.settings.StreamSettings;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides, one sweep at a time, whether a paired side is alive, should be pinged, or has been
 * silent too long; pure, so the timing rules are tested with a fixed clock.
 */
final class Liveness {

  /** The outcome of one check. */
  enum Verdict {
    ALIVE,
    PING,
    SILENT
  }

  private long lastHeard;
  private Instant lastHeardAt;
  private Instant lastPingAt;

  Liveness(Instant start) {
    this.lastHeardAt = start;
  }

  /**
   * Checks a side: anything heard (or the side held back by its partner) makes it alive; silence
   * for a ping interval since the last sign of life or the last ping asks for a ping; silence for
   * the idle timeout gives up.
   */
  Verdict check(long heard, boolean heldBack, Instant now, StreamSettings settings) {
    if (heard != lastHeard || heldBack) {
      lastHeard = heard;
      lastHeardAt = now;
      lastPingAt = null;
      return Verdict.ALIVE;
    }
    if (!Duration.between(lastHeardAt, now).minus(settings.idleTimeout()).isNegative()) {
      return Verdict.SILENT;
    }
    Instant since = lastPingAt == null ? lastHeardAt : lastPingAt;
    if (!Duration.between(since, now).minus(settings.pingInterval()).isNegative()) {
      lastPingAt = now;
      return Verdict.PING;
    }
    return Verdict.ALIVE;
  }
}
