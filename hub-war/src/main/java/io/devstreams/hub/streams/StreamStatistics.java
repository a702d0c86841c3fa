package io.devstreams.hub.streams;

import java.util.List;

/**
 * What the hub's streams look like now and since the hub started, for the REST API, the console and
 * the metrics: read-only, and cheap enough for every scrape and every live page.
 *
 * <p>The container makes it through {@link StreamBroker}: call it through public methods only.
 */
public class StreamStatistics {

  private final StreamTable table;

  /** For the container's client proxy only. */
  protected StreamStatistics() {
    this.table = null;
  }

  StreamStatistics(StreamTable table) {
    this.table = table;
  }

  /** Returns the paired streams with their age and bytes each way. */
  public List<StreamInfo> active() {
    return table.active();
  }

  /** Returns the number of paired streams. */
  public int activeCount() {
    return table.activeCount();
  }

  /** Returns the number of streams opened but not yet paired. */
  public int pendingCount() {
    return table.pendingCount();
  }

  /** Returns the number of streams opened (tickets issued) since the hub started. */
  public long openedCount() {
    return table.openedCount();
  }

  /** Returns the payload bytes relayed from one side since the hub started. */
  public long bytesRelayed(Side from) {
    return table.bytesRelayed(from);
  }

  /** Returns the bytes read from clients and not yet written to their partners, hub-wide. */
  public long bytesBuffered() {
    return table.bytesBuffered();
  }
}
