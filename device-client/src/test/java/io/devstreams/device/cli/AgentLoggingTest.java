package io.devstreams.device.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class AgentLoggingTest {

  @Test
  void formatsOneLineWithTimeLevelAndMessage() {
    LogRecord record = new LogRecord(Level.INFO, "connected to hub:443 as device dev1");
    record.setInstant(Instant.parse("2025-01-31T12:00:00.123456Z"));

    assertThat(AgentLogging.formatter().format(record))
        .isEqualTo(
            "2025-01-31T12:00:00.123Z INFO connected to hub:443 as device dev1"
                + System.lineSeparator());
  }

  @Test
  void appendsTheCauseOnTheSameLine() {
    assertThat(AgentLogging.line("t", "WARNING", "handler failed", new IOException("boom")))
        .isEqualTo("t WARNING handler failed (IOException: boom)" + System.lineSeparator());
  }

  @Test
  void leavesBracesInAMessageWithoutParametersAlone() {
    LogRecord record = new LogRecord(Level.INFO, "stream {x} rejected: no service named 'x'");
    record.setInstant(Instant.EPOCH);

    assertThat(AgentLogging.formatter().format(record))
        .contains("stream {x} rejected: no service named 'x'");
  }
}
