package io.devstreams.hub.console;

import io.devstreams.hub.streams.StreamInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns successive snapshots of the active streams into rates: bytes since the previous snapshot
 * over the time between them. A stream seen for the first time has the rate of its whole life.
 */
final class StreamRates {

  private record Seen(Instant at, long fromDevice, long fromService) {}

  private Map<String, Seen> previous = new HashMap<>();

  /** Returns the streams with their rates, oldest stream first, and remembers this snapshot. */
  synchronized List<LiveStream> update(List<StreamInfo> active, Instant now) {
    Map<String, Seen> next = new HashMap<>();
    List<LiveStream> streams = new ArrayList<>(active.size());
    for (StreamInfo s : active) {
      Seen before = previous.get(s.streamId());
      if (before == null) {
        before = new Seen(now.minus(s.age()), 0, 0);
      }
      double seconds = Math.max(0.001, Duration.between(before.at(), now).toNanos() / 1e9);
      streams.add(
          new LiveStream(
              s.streamId(),
              s.deviceId(),
              s.streamName(),
              s.age().toSeconds(),
              s.bytesFromDevice(),
              s.bytesFromService(),
              Math.round(Math.max(0, s.bytesFromDevice() - before.fromDevice()) / seconds),
              Math.round(Math.max(0, s.bytesFromService() - before.fromService()) / seconds)));
      next.put(s.streamId(), new Seen(now, s.bytesFromDevice(), s.bytesFromService()));
    }
    previous = next;
    streams.sort(
        Comparator.comparingLong(LiveStream::ageSeconds)
            .reversed()
            .thenComparing(LiveStream::streamId));
    return streams;
  }
}
