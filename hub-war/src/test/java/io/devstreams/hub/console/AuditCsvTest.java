package io.devstreams.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.hub.streams.StreamRecord;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditCsvTest {

  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

  @Test
  void writesAHeaderAndOneRowPerRecordWithCrlf() throws IOException {
    StringWriter out = new StringWriter();
    AuditCsv csv = new AuditCsv(out);
    csv.write(
        new StreamRecord(
            "s1",
            "service",
            "dev1",
            "ssh",
            StreamRecord.Outcome.ACCEPTED,
            null,
            T,
            T.plusSeconds(1),
            T.plusSeconds(61),
            10,
            20,
            4008,
            "closed by policy 'iothubowner'"));

    assertThat(out.toString())
        .isEqualTo(
            AuditCsv.HEADER
                + "\r\n2026-01-01T10:00:00Z,s1,service,dev1,ssh,accepted,,2026-01-01T10:00:01Z,"
                + "2026-01-01T10:01:01Z,60,10,20,4008,closed by policy 'iothubowner'\r\n");
  }

  @Test
  void quotesCommasQuotesAndLineBreaks() {
    assertThat(AuditCsv.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(AuditCsv.cell("say \"no\"")).isEqualTo("\"say \"\"no\"\"\"");
    assertThat(AuditCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(AuditCsv.cell(null)).isEmpty();
  }

  @Test
  void textThatASpreadsheetWouldRunAsAFormulaIsDefused() {
    assertThat(AuditCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(AuditCsv.cell("@dev")).isEqualTo("\"'@dev\"");
    assertThat(AuditCsv.cell("-1+1")).isEqualTo("\"'-1+1\"");
    assertThat(AuditCsv.cell(-5)).isEqualTo("-5");
  }
}
