package io.devstreams.device.cli;

import io.devstreams.protocol.tunnel.ConsoleLogging;
import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Sends the agent's logs (System.Logger, over JUL) to standard error as one line each: {@code
 * 2025-01-31T12:00:00.123Z INFO connected to hub.example:443 as device dev1}. A failure's cause is
 * appended to the same line, never as a stack trace.
 */
final class AgentLogging extends Formatter {

  private AgentLogging() {}

  /** Returns the line formatter the handler uses. */
  static Formatter formatter() {
    return new AgentLogging();
  }

  /** Replaces the root logger's handlers with one that writes lines to {@code err} at INFO. */
  static void configure(PrintStream err) {
    ConsoleLogging.install(err, formatter(), Level.INFO);
  }

  @Override
  public String format(LogRecord record) {
    return line(
        record.getInstant().truncatedTo(ChronoUnit.MILLIS).toString(),
        record.getLevel().getName(),
        formatMessage(record),
        record.getThrown());
  }

  /** Formats one line as the handler does (the shutdown hook prints without JUL, see there). */
  static String line(String time, String level, String message, Throwable thrown) {
    String cause = "";
    if (thrown != null) {
      cause =
          " ("
              + thrown.getClass().getSimpleName()
              + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage())
              + ")";
    }
    return time + " " + level + " " + message + cause + System.lineSeparator();
  }

  static String now() {
    return DateTimeFormatter.ISO_INSTANT.format(
        java.time.Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }
}
