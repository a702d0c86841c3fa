package io.devstreams.hub.console;

import java.time.Instant;
import java.util.List;

/**
 * The hub's health and key figures, now and over the last half hour.
 *
 * @param health {@code UP}, {@code DRAINING} (shutting down, no new streams) or {@code DOWN}
 * @param down the names of the readiness checks that failed
 * @param startedAt when this hub started
 * @param devicesRegistered devices in the registry
 * @param devicesConnected devices with an open control channel
 * @param streamsActive paired streams
 * @param streamsPending streams waiting for a side to join
 * @param streamsOpened streams opened since the hub started
 * @param bytesRelayed payload bytes relayed both ways since the hub started
 * @param sampleSeconds seconds between the points of {@code history}
 * @param history one point per sampling interval, oldest first
 */
public record HubReport(
    String health,
    List<String> down,
    Instant startedAt,
    long devicesRegistered,
    int devicesConnected,
    int streamsActive,
    int streamsPending,
    long streamsOpened,
    long bytesRelayed,
    int sampleSeconds,
    List<Point> history) {

  /** Copies the lists. */
  public HubReport {
    down = List.copyOf(down);
    history = List.copyOf(history);
  }

  /**
   * The figures over one sampling interval.
   *
   * @param at when the interval ended
   * @param devicesConnected devices connected at its end
   * @param streamsActive streams active at its end
   * @param streamsOpenedPerMinute streams opened during it, per minute
   * @param bytesPerSecond payload bytes relayed during it, per second
   */
  public record Point(
      Instant at,
      int devicesConnected,
      int streamsActive,
      double streamsOpenedPerMinute,
      double bytesPerSecond) {}
}
