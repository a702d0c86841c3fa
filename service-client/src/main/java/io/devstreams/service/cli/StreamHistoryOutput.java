package io.devstreams.service.cli;

import io.devstreams.service.StreamHistoryEntry;
import java.util.ArrayList;
import java.util.List;

/** Renders the stream history for people: one line per request, newest first. */
final class StreamHistoryOutput {

  private StreamHistoryOutput() {}

  /** Returns a table of stream requests with a header line. */
  static String table(List<StreamHistoryEntry> entries) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "TIME",
          "WHO",
          "DEVICE",
          "SERVICE",
          "OUTCOME",
          "DURATION",
          "FROM DEVICE",
          "FROM SERVICE",
          "CLOSE"
        });
    for (StreamHistoryEntry e : entries) {
      rows.add(
          new String[] {
            text(e.time()),
            text(e.requestedBy()),
            text(e.deviceId()),
            text(e.name()),
            text(e.outcome()),
            StreamOutput.age(e.durationSeconds()),
            StreamOutput.bytes(e.bytesFromDevice()),
            StreamOutput.bytes(e.bytesFromService()),
            close(e)
          });
    }
    return Table.render(rows);
  }

  /** The close code and reason of an accepted stream, or why a request was not accepted. */
  private static String close(StreamHistoryEntry e) {
    if (e.closeCode() != null) {
      return e.closeCode() + (isBlank(e.closeReason()) ? "" : " " + e.closeReason());
    }
    return text(e.detail());
  }

  private static String text(String value) {
    return isBlank(value) ? "-" : ErrorMessages.oneLine(value);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
