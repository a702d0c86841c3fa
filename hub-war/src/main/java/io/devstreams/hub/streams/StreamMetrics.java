package io.devstreams.hub.streams;

import jakarta.enterprise.context.ApplicationScoped;
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

  /** Paired streams. */
  @Gauge(name = "devstreams.streams.active", unit = MetricUnits.NONE, absolute = true)
  public long active() {
    return broker.activeCount();
  }

  /** Streams opened and waiting for one or both sides. */
  @Gauge(name = "devstreams.streams.pending", unit = MetricUnits.NONE, absolute = true)
  public long pending() {
    return broker.pendingCount();
  }

  /** Payload bytes relayed from devices to services since the hub started. */
  @Gauge(name = "devstreams.streams.bytes.from.device", unit = MetricUnits.BYTES, absolute = true)
  public long bytesFromDevice() {
    return broker.bytesRelayed(Side.DEVICE);
  }

  /** Payload bytes relayed from services to devices since the hub started. */
  @Gauge(name = "devstreams.streams.bytes.from.service", unit = MetricUnits.BYTES, absolute = true)
  public long bytesFromService() {
    return broker.bytesRelayed(Side.SERVICE);
  }

  /** Bytes read from one side and held in the hub until the other side can take them. */
  @Gauge(name = "devstreams.streams.bytes.buffered", unit = MetricUnits.BYTES, absolute = true)
  public long bytesBuffered() {
    return broker.bytesBuffered();
  }
}
