package io.devstreams.hub.streams;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.annotation.Gauge;

/** Publishes the broker's counts on {@code /metrics} (MicroProfile Metrics gauges). */
@ApplicationScoped
public class StreamMetrics {

  private StreamBroker broker;

  /** For the container's client proxy only. */
  protected StreamMetrics() {}

  /** Creates the gauges over the broker. */
  @Inject
  public StreamMetrics(StreamBroker broker) {
    this.broker = broker;
  }

  /**
   * Creates the bean when the application starts: the gauges are registered when it is created, and
   * nothing else injects it.
   */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    // Observing the event is what creates the bean; there is nothing else to do.
  }

  /** Paired streams. */
  @Gauge(
      name = "devstreams.streams.active",
      unit = MetricUnits.NONE,
      absolute = true,
      description = "Streams whose two sides are both joined")
  public long active() {
    return broker.activeCount();
  }

  /** Streams opened and waiting for one or both sides. */
  @Gauge(
      name = "devstreams.streams.pending",
      unit = MetricUnits.NONE,
      absolute = true,
      description = "Streams opened and waiting for one or both sides to join")
  public long pending() {
    return broker.pendingCount();
  }

  /** Binary payload bytes (stream data) relayed from devices to services since the hub started. */
  @Gauge(
      name = "devstreams.streams.relayed.from.device",
      unit = MetricUnits.BYTES,
      absolute = true,
      description =
          "Binary payload bytes (stream data) relayed from devices to services since the hub started")
  public long bytesFromDevice() {
    return broker.bytesRelayed(Side.DEVICE);
  }

  /** Binary payload bytes (stream data) relayed from services to devices since the hub started. */
  @Gauge(
      name = "devstreams.streams.relayed.from.service",
      unit = MetricUnits.BYTES,
      absolute = true,
      description =
          "Binary payload bytes (stream data) relayed from services to devices since the hub started")
  public long bytesFromService() {
    return broker.bytesRelayed(Side.SERVICE);
  }

  /** Bytes read from one side and held in the hub until the other side can take them. */
  @Gauge(
      name = "devstreams.streams.buffered",
      unit = MetricUnits.BYTES,
      absolute = true,
      description = "Bytes read from one side and held in the hub until the other can take them")
  public long bytesBuffered() {
    return broker.bytesBuffered();
  }
}
