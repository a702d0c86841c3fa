package io.devstreams.hub.console;

import io.devstreams.hub.registry.HistoryQuery;
import io.devstreams.hub.registry.StreamHistoryPage;
import io.devstreams.hub.registry.StreamHistorySearch;
import io.devstreams.hub.streams.StreamRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Writer;

/**
 * The console's audit trail: the stream history filtered by device, policy, outcome and time, a
 * page at a time or as CSV.
 */
@ApplicationScoped
public class ConsoleAudit {

  /** The most rows one CSV export holds; narrower filters export the rest. */
  public static final int MAX_EXPORT_ROWS = 100_000;

  private static final int EXPORT_PAGE = 1000;

  @Inject StreamHistorySearch search;

  /** Returns the page of records the query asks for, newest first. */
  public StreamHistoryPage page(HistoryQuery query) {
    return search.search(query);
  }

  /**
   * Writes every record the query's filters select (from its continuation on, newest first, at most
   * {@value #MAX_EXPORT_ROWS}) to {@code out} as CSV; returns how many rows were written.
   */
  public int exportCsv(HistoryQuery query, Writer out) throws IOException {
    AuditCsv csv = new AuditCsv(out);
    int rows = 0;
    String continuation = query.continuation();
    do {
      StreamHistoryPage page =
          search.search(
              new HistoryQuery(
                  query.deviceId(),
                  query.policy(),
                  query.outcome(),
                  query.from(),
                  query.to(),
                  continuation,
                  Math.min(EXPORT_PAGE, MAX_EXPORT_ROWS - rows)));
      for (StreamRecord r : page.records()) {
        csv.write(r);
        rows++;
      }
      continuation = page.continuation();
    } while (continuation != null && rows < MAX_EXPORT_ROWS);
    out.flush();
    return rows;
  }
}
