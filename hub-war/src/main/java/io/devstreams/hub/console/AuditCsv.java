package io.devstreams.hub.console;

import io.devstreams.hub.streams.StreamRecord;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * Writes stream records as CSV (RFC 4180: comma-separated, CRLF, quotes doubled), with a header
 * row. A text cell that a spreadsheet would take for a formula (it begins with =, +, -, @, a tab or
 * a carriage return) gets a leading apostrophe: device ids, policy names and reasons come from
 * callers and devices.
 */
final class AuditCsv {

  /** The header row's column names, those of {@code GET /streams/history}. */
  static final String HEADER =
      "time,streamId,requestedBy,deviceId,name,outcome,detail,pairedAt,endedAt,durationSeconds,"
          + "bytesFromDevice,bytesFromService,closeCode,closeReason";

  private final Writer out;

  AuditCsv(Writer out) throws IOException {
    this.out = out;
    out.write(HEADER);
    out.write("\r\n");
  }

  /** Writes one record as a row. */
  void write(StreamRecord r) throws IOException {
    Object[] cells = {
      r.requestedAt(),
      r.streamId(),
      r.requestedBy(),
      r.deviceId(),
      r.streamName(),
      r.outcome().wireName(),
      r.detail(),
      r.pairedAt(),
      r.endedAt(),
      r.relayed().toSeconds(),
      r.bytesFromDevice(),
      r.bytesFromService(),
      r.closeCode(),
      r.closeReason()
    };
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(cell(cells[i]));
    }
    out.write("\r\n");
  }

  /** Renders one cell: empty for null, numbers and times as they are, text quoted when needed. */
  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Number || value instanceof Instant) {
      return value.toString();
    }
    String text = value.toString();
    if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
      text = "'" + text;
    }
    if (text.indexOf(',') >= 0
        || text.indexOf('"') >= 0
        || text.indexOf('\n') >= 0
        || text.indexOf('\r') >= 0
        || text.startsWith("'")) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }
}
