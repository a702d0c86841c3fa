package io.devstreams.service.cli;

import io.devstreams.protocol.tunnel.ConsoleLogging;
import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends the library's log (System.Logger over JUL) to standard error as one line per record in the
 * CLI's error style, {@code devstreams: warning: MESSAGE}: warnings only, or also the library's
 * DEBUG lines (one per request) when {@code DEVSTREAMS_DEBUG} is set. Standard output never gets a
 * log line: it may be carrying a stream.
 */
final class CliLogging extends Formatter {

  /** Held so that JUL, which references loggers weakly, keeps the level set on it. */
  private static final Logger LIBRARY = Logger.getLogger("io.devstreams");

  private CliLogging() {}

  /** Replaces the root logger's handlers with one that writes lines to {@code err}. */
  static void configure(PrintStream err, boolean debug) {
    ConsoleLogging.install(err, new CliLogging(), Level.WARNING);
    LIBRARY.setLevel(debug ? Level.FINE : null);
  }

  @Override
  public String format(LogRecord record) {
    String level = record.getLevel().intValue() <= Level.FINE.intValue() ? "debug" : "warning";
    Throwable thrown = record.getThrown();
    String cause = thrown == null ? "" : " (" + thrown + ")";
    return "devstreams: "
        + level
        + ": "
        + ErrorMessages.oneLine(formatMessage(record) + cause)
        + System.lineSeparator();
  }
}
