package io.devstreams.hub.streams;

import io.devstreams.hub.settings.StreamLimits;
import io.devstreams.hub.settings.StreamSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The state that admission, pairing and statistics share: live streams by id, connections still
 * closing, the counts the limits check and the byte counts of streams that have ended. Thread-safe;
 * the rules live in {@link StreamAdmission}, {@link StreamPairing} and the {@link Sweep}.
 */
final class StreamTable {

  final StreamSettings settings;
  final Clock clock;
  private final StreamRecorder recorder;
  private final StreamEvents events;
  private final ConcurrentMap<String, StreamEntry> streams = new ConcurrentHashMap<>();
  private final ConcurrentMap<StreamPeer, Instant> closing = new ConcurrentHashMap<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentMap<String, Integer> perDevice = new ConcurrentHashMap<>();
  private final LongAdder endedFromDevice = new LongAdder();
  private final LongAdder endedFromService = new LongAdder();
  private final LongAdder opened = new LongAdder();

  StreamTable(StreamSettings settings, Clock clock, StreamRecorder recorder, StreamEvents events) {
    this.settings = settings;
    this.clock = clock;
    this.recorder = recorder;
    this.events = events;
  }

  /** Hands the audit record of an ended accepted stream to the recorder. */
  void recordClosed(StreamEntry entry, int code, String reason) {
    record(entry, StreamRecord.Outcome.ACCEPTED, null, code, reason);
  }

  /** Hands the audit record of a stream that ended before it was paired (not accepted). */
  void recordCancelled(StreamEntry entry, StreamRecord.Outcome outcome, String detail) {
    record(entry, outcome, detail, null, null);
  }

  /** Hands a record that no stream entry stands behind (a refused request) to the recorder. */
  void record(StreamRecord record) {
    recorder.record(record);
    events.ended(record);
  }

  private void record(
      StreamEntry entry, StreamRecord.Outcome outcome, String detail, Integer code, String reason) {
    record(
        new StreamRecord(
            entry.id,
            entry.requestedBy,
            entry.deviceId,
            entry.streamName,
            outcome,
            detail,
            entry.openedAt,
            entry.pairedAt(),
            now(),
            entry.bytesFrom(Side.DEVICE),
            entry.bytesFrom(Side.SERVICE),
            code,
            reason));
  }

  Instant now() {
    return clock.instant();
  }

  /** Counts one more pending stream unless the maximum is reached. */
  boolean reservePending() {
    if (pending.incrementAndGet() > settings.limits().maxPending()) {
      pending.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Which limit refused a new stream, or NONE. */
  enum Refusal {
    NONE,
    PENDING,
    TOTAL,
    DEVICE
  }

  /**
   * Counts one more stream to {@code deviceId} unless a limit is reached: pending streams, streams
   * on the hub, streams to the device. A stream counted here is uncounted when it is retired.
   */
  Refusal reserve(String deviceId) {
    StreamLimits limits = settings.limits();
    if (!reservePending()) {
      return Refusal.PENDING;
    }
    if (total.incrementAndGet() > limits.maxTotal()) {
      total.decrementAndGet();
      pending.decrementAndGet();
      return Refusal.TOTAL;
    }
    boolean[] refused = new boolean[1];
    perDevice.compute(
        deviceId,
        (id, count) -> {
          int now = count == null ? 0 : count;
          refused[0] = now >= limits.maxPerDevice();
          return refused[0] ? count : Integer.valueOf(now + 1);
        });
    if (refused[0]) {
      total.decrementAndGet();
      pending.decrementAndGet();
      return Refusal.DEVICE;
    }
    return Refusal.NONE;
  }

  /** Returns the number of streams, pending or active, to one device. */
  int countOf(String deviceId) {
    return perDevice.getOrDefault(deviceId, 0);
  }

  /** Adds a stream under its id; false if the id is taken. */
  boolean add(StreamEntry entry) {
    if (streams.putIfAbsent(entry.id, entry) != null) {
      return false;
    }
    opened.increment();
    return true;
  }

  StreamEntry get(String streamId) {
    return streamId == null ? null : streams.get(streamId);
  }

  Collection<StreamEntry> entries() {
    return streams.values();
  }

  /** Notes that a pending stream became paired, and tells the events its set-up time. */
  void paired(StreamEntry entry) {
    pending.decrementAndGet();
    events.paired(Duration.between(entry.openedAt, now()));
  }

  /** Forgets an ended stream, keeping its byte counts for the totals. */
  void retire(StreamEntry entry) {
    if (streams.remove(entry.id, entry)) {
      endedFromDevice.add(entry.bytesFrom(Side.DEVICE));
      endedFromService.add(entry.bytesFrom(Side.SERVICE));
      if (!entry.isPaired()) {
        pending.decrementAndGet();
      }
      total.decrementAndGet();
      perDevice.computeIfPresent(entry.deviceId, (id, count) -> count > 1 ? count - 1 : null);
    }
  }

  /** Asks a peer to close and gives it the close grace to finish. */
  void close(StreamPeer peer, int code, String reason) {
    linger(peer);
    peer.close(code, reason);
  }

  /** Watches a closing peer: it is dropped if it has not closed within the close grace. */
  void linger(StreamPeer peer) {
    closing.putIfAbsent(peer, now().plus(settings.closeGrace()));
  }

  /** Forgets peers that closed and drops those past their grace. */
  void reapClosing(Instant now) {
    closing.forEach(
        (peer, deadline) -> {
          if (peer.isClosed()) {
            closing.remove(peer);
          } else if (!now.isBefore(deadline)) {
            closing.remove(peer);
            peer.abort();
          }
        });
  }

  /** Returns the paired streams with their age and bytes each way. */
  List<StreamInfo> active() {
    Instant now = now();
    List<StreamInfo> infos = new ArrayList<>();
    for (StreamEntry entry : streams.values()) {
      Instant pairedAt = entry.pairedAt();
      if (pairedAt != null) {
        infos.add(
            new StreamInfo(
                entry.id,
                entry.deviceId,
                entry.streamName,
                Duration.between(pairedAt, now),
                entry.bytesFrom(Side.DEVICE),
                entry.bytesFrom(Side.SERVICE)));
      }
    }
    return infos;
  }

  long openedCount() {
    return opened.sum();
  }

  int closingCount() {
    return closing.size();
  }

  int pendingCount() {
    return pending.get();
  }

  int activeCount() {
    int active = 0;
    for (StreamEntry entry : streams.values()) {
      active += entry.isPaired() ? 1 : 0;
    }
    return active;
  }

  long bytesRelayed(Side from) {
    long total = (from == Side.DEVICE ? endedFromDevice : endedFromService).sum();
    for (StreamEntry entry : streams.values()) {
      total += entry.bytesFrom(from);
    }
    return total;
  }

  long bytesBuffered() {
    long total = 0;
    for (StreamEntry entry : streams.values()) {
      for (Side side : Side.values()) {
        StreamPeer peer = entry.peer(side);
        total += peer == null ? 0 : peer.bytesBuffered();
      }
    }
    return total;
  }
}
