package io.devstreams.hub.metrics;

import io.devstreams.hub.control.DeviceEvents;
import io.devstreams.hub.streams.StreamEvents;
import io.devstreams.hub.streams.StreamRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hub's counters since it started, fed by the broker and device presence: streams opened
 * (paired), closed, and refused by reason; their set-up times; device connects and disconnects. The
 * one bean behind {@link StreamEvents} and {@link DeviceEvents} in the container.
 */
@ApplicationScoped
public class HubCounters implements StreamEvents, DeviceEvents {

  /** The reason a stream that the device accepted but whose sides never both joined counts as. */
  static final String NOT_JOINED = "notJoined";

  /** Set-up time buckets, in seconds: a healthy stream pairs in tens of milliseconds. */
  static final double[] SET_UP_BOUNDS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  private final LongAdder opened = new LongAdder();
  private final LongAdder closed = new LongAdder();
  private final Map<StreamRecord.Outcome, LongAdder> refused =
      new EnumMap<>(StreamRecord.Outcome.class);
  private final LongAdder notJoined = new LongAdder();
  private final Histogram setUp = new Histogram(SET_UP_BOUNDS);
  private final LongAdder connects = new LongAdder();
  private final LongAdder disconnects = new LongAdder();

  /** Creates the counters, all zero. */
  public HubCounters() {
    for (StreamRecord.Outcome outcome : StreamRecord.Outcome.values()) {
      if (outcome != StreamRecord.Outcome.ACCEPTED) {
        refused.put(outcome, new LongAdder());
      }
    }
  }

  @Override
  public void paired(Duration setUpTime) {
    opened.increment();
    setUp.observe(setUpTime.toNanos() / 1e9);
  }

  @Override
  public void ended(StreamRecord record) {
    if (record.outcome() != StreamRecord.Outcome.ACCEPTED) {
      refused.get(record.outcome()).increment();
    } else if (record.pairedAt() == null) {
      notJoined.increment();
    } else {
      closed.increment();
    }
  }

  @Override
  public void connected() {
    connects.increment();
  }

  @Override
  public void disconnected() {
    disconnects.increment();
  }

  /** Streams whose two sides both joined, since the hub started. */
  long opened() {
    return opened.sum();
  }

  /** Paired streams that have ended, since the hub started. */
  long closed() {
    return closed.sum();
  }

  /** Stream requests that never relayed, by reason (the outcome's wire name, or notJoined). */
  Map<String, Long> refusedByReason() {
    Map<String, Long> counts = new LinkedHashMap<>();
    refused.forEach((outcome, n) -> counts.put(outcome.wireName(), n.sum()));
    counts.put(NOT_JOINED, notJoined.sum());
    return counts;
  }

  /** The stream set-up times (request taken to both sides joined), in seconds. */
  Histogram.Snapshot setUp() {
    return setUp.snapshot();
  }

  /** Device control channels accepted, since the hub started. */
  long deviceConnects() {
    return connects.sum();
  }

  /** Devices whose last control channel went, since the hub started. */
  long deviceDisconnects() {
    return disconnects.sum();
  }
}
