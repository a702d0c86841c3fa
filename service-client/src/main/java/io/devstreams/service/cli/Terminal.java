package io.devstreams.service.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Objects;

/**
 * The process's standard streams and stop signal as a command sees them; tests pass their own.
 *
 * @param in standard input, the bytes {@code stdio} sends on its stream
 * @param stdout standard output as raw bytes for {@code stdio}: unlike a {@link PrintStream} it
 *     reports write errors, and closing it half-closes the output
 * @param out standard output for text
 * @param err standard error
 * @param stopSignal where {@code forward} hears SIGTERM and Ctrl-C
 */
record Terminal(
    InputStream in, OutputStream stdout, PrintStream out, PrintStream err, StopSignal stopSignal) {

  Terminal {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(stopSignal, "stopSignal");
  }

  /** Returns a terminal with no input and text output only, which never signals a stop. */
  static Terminal of(PrintStream out, PrintStream err) {
    return new Terminal(InputStream.nullInputStream(), out, out, err, StopSignal.NEVER);
  }
}
