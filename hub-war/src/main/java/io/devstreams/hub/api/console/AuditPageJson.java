package io.devstreams.hub.api.console;

import io.devstreams.hub.api.StreamHistoryJson;
import io.devstreams.hub.registry.StreamHistoryPage;
import java.util.List;

/**
 * One page of the console's audit trail, newest first.
 *
 * @param records the stream records, as {@code GET /streams/history} shows them
 * @param continuation where the next page starts, or null on the last page
 */
public record AuditPageJson(List<StreamHistoryJson> records, String continuation) {

  static AuditPageJson from(StreamHistoryPage page) {
    return new AuditPageJson(
        page.records().stream().map(StreamHistoryJson::from).toList(), page.continuation());
  }
}
