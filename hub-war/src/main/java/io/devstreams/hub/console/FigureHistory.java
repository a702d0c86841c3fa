package io.devstreams.hub.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last samples of the hub's counters, turned into rates between neighbouring samples. */
final class FigureHistory {

  /**
   * The counters at one moment.
   *
   * @param at when
   * @param devicesConnected devices with an open control channel
   * @param streamsActive paired streams
   * @param streamsOpened streams opened since the hub started
   * @param bytesRelayed payload bytes relayed both ways since the hub started
   */
  record Sample(
      Instant at, int devicesConnected, int streamsActive, long streamsOpened, long bytesRelayed) {}

  private final int capacity;
  private final Deque<Sample> samples = new ArrayDeque<>();

  FigureHistory(int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("a history needs room for two samples: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds a sample, forgetting the oldest beyond the capacity. */
  synchronized void add(Sample sample) {
    samples.addLast(sample);
    while (samples.size() > capacity) {
      samples.removeFirst();
    }
  }

  /**
   * Returns one point per interval between neighbouring samples, the last ending at {@code now}
   * (not stored): the devices connected at its end, and the streams opened and bytes relayed over
   * it as rates.
   */
  synchronized List<HubReport.Point> points(Sample now) {
    List<HubReport.Point> points = new ArrayList<>(samples.size());
    Sample previous = null;
    List<Sample> all = new ArrayList<>(samples);
    all.add(now);
    for (Sample s : all) {
      if (previous != null) {
        double seconds = Duration.between(previous.at(), s.at()).toMillis() / 1000.0;
        if (seconds >= 1) {
          points.add(
              new HubReport.Point(
                  s.at(),
                  s.devicesConnected(),
                  s.streamsActive(),
                  (s.streamsOpened() - previous.streamsOpened()) * 60 / seconds,
                  (s.bytesRelayed() - previous.bytesRelayed()) / seconds));
        }
      }
      previous = s;
    }
    return points;
  }
}
