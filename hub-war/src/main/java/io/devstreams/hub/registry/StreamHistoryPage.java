package io.devstreams.hub.registry;

import io.devstreams.hub.streams.StreamRecord;
import java.util.List;

/**
 * One page of the stream history, newest first.
 *
 * @param records the records on this page
 * @param continuation the opaque token for the next page, or null on the last page
 */
public record StreamHistoryPage(List<StreamRecord> records, String continuation) {

  /** Copies the list. */
  public StreamHistoryPage {
    records = List.copyOf(records);
  }
}
