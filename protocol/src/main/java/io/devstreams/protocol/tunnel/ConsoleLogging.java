package io.devstreams.protocol.tunnel;

import java.io.PrintStream;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Routes the JDK's logging to a console stream, one flushed line per record, for the command-line
 * tools; each tool brings its own line format.
 */
public final class ConsoleLogging {
  private ConsoleLogging() {}

  /**
   * Replaces the root logger's handlers with one that writes each record to {@code out} with {@code
   * format} and flushes it, and sets the root level. The handler never closes {@code out}: JUL's
   * shutdown hook closes handlers, and standard error must outlive it.
   */
  public static void install(PrintStream out, Formatter format, Level rootLevel) {
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    StreamHandler handler =
        new StreamHandler(out, format) {
          @Override
          public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
          }

          @Override
          public synchronized void close() {
            flush();
          }
        };
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(rootLevel);
  }
}
