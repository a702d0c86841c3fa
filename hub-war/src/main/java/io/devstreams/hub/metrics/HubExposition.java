package io.devstreams.hub.metrics;

import io.devstreams.hub.control.DeviceChannels;
import io.devstreams.hub.streams.Side;
import io.devstreams.hub.streams.StreamStatistics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Map;

/**
 * The text a scrape of {@code /metrics} gets: the hub's counters, its live gauges (read from the
 * broker and the channels at the moment of the scrape) and a few of the JVM's. Names are the
 * contract with dashboards and alert rules (docs/operations.md); the heap's keep the names Payara
 * gave them, which the benchmarks read.
 */
@ApplicationScoped
public class HubExposition {

  private HubCounters counters;
  private StreamStatistics streams;
  private DeviceChannels channels;

  /** For the container's client proxy only. */
  protected HubExposition() {}

  /** Creates the exposition over the hub's counters, stream statistics and device channels. */
  @Inject
  public HubExposition(HubCounters counters, StreamStatistics streams, DeviceChannels channels) {
    this.counters = counters;
    this.streams = streams;
    this.channels = channels;
  }

  /** Returns the whole exposition, in Prometheus' text format. */
  public String scrape() {
    PrometheusText text = new PrometheusText();
    devices(text);
    streams(text);
    jvm(text);
    return text.text();
  }

  private void devices(PrometheusText text) {
    text.gauge(
        "devstreams_control_connections",
        "Devices connected now: control channels open",
        channels.onlineCount());
    text.counter(
        "devstreams_device_connects_total",
        "Device control channels accepted since the hub started",
        counters.deviceConnects());
    text.counter(
        "devstreams_device_disconnects_total",
        "Devices whose control channel went (closed or found dead) since the hub started",
        counters.deviceDisconnects());
  }

  private void streams(PrometheusText text) {
    text.gauge("devstreams_streams_active", "Streams relaying now", streams.activeCount());
    text.gauge(
        "devstreams_streams_pending",
        "Streams requested and waiting for one or both sides to join",
        streams.pendingCount());
    text.counter(
        "devstreams_streams_opened_total",
        "Streams whose two sides joined, since the hub started",
        counters.opened());
    text.counter(
        "devstreams_streams_closed_total",
        "Streams that relayed and have ended, since the hub started",
        counters.closed());
    text.family(
        "devstreams_streams_refused_total",
        "counter",
        "Stream requests that never relayed, by reason, since the hub started");
    for (Map.Entry<String, Long> e : counters.refusedByReason().entrySet()) {
      text.sample("devstreams_streams_refused_total", e.getValue(), "reason", e.getKey());
    }
    text.histogram(
        "devstreams_stream_setup_seconds",
        "Time from the hub taking a stream request to both sides joined",
        counters.setUp());
    text.family(
        "devstreams_relayed_bytes_total",
        "counter",
        "Stream payload bytes relayed since the hub started, by the side that sent them");
    text.sample(
        "devstreams_relayed_bytes_total", streams.bytesRelayed(Side.DEVICE), "from", "device");
    text.sample(
        "devstreams_relayed_bytes_total", streams.bytesRelayed(Side.SERVICE), "from", "service");
    text.gauge(
        "devstreams_streams_buffered_bytes",
        "Bytes read from one side and held until the other side can take them",
        streams.bytesBuffered());
  }

  private static void jvm(PrometheusText text) {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    text.gauge("memory_usedHeap_bytes", "Heap in use, live and garbage", heap.getUsed());
    text.gauge("memory_committedHeap_bytes", "Heap the JVM holds", heap.getCommitted());
    text.gauge("memory_maxHeap_bytes", "Largest heap the JVM may hold", heap.getMax());
    text.gauge(
        "thread_count",
        "Live threads in the JVM",
        ManagementFactory.getThreadMXBean().getThreadCount());
    text.gauge(
        "jvm_uptime_seconds",
        "Time since the JVM started",
        ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
  }
}
