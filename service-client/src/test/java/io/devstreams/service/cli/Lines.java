package io.devstreams.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An output stream that hands each complete line written to it to a queue, so a test can wait for
 * what a running command prints.
 */
final class Lines extends OutputStream {

  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

  /** Returns a print stream writing here. */
  PrintStream printStream() {
    return new PrintStream(this, true, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      lines.add(partial.toString(StandardCharsets.UTF_8));
      partial.reset();
    } else {
      partial.write(b);
    }
  }

  /** Returns the next line, waiting up to 10 s. */
  String next() throws InterruptedException {
    String line = lines.poll(10, TimeUnit.SECONDS);
    assertThat(line).as("a line within 10 s").isNotNull();
    return line;
  }

  /** Returns whether no complete line is waiting. */
  boolean isEmpty() {
    return lines.isEmpty();
  }
}
