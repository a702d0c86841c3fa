package io.devstreams.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Copies a process's output to a log file and lets a test wait for a line, without sleeping. */
final class ProcessOutput {
  private static final String EOF = "\u0000EOF";
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  ProcessOutput(InputStream in, Path log) {
    Thread t = new Thread(() -> copy(in, log), "output-" + log.getFileName());
    t.setDaemon(true);
    t.start();
  }

  private void copy(InputStream in, Path log) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Writer w = Files.newBufferedWriter(log)) {
      String line;
      while ((line = r.readLine()) != null) {
        w.write(line);
        w.write('\n');
        w.flush();
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("output copy failed: " + e);
    } finally {
      lines.add(EOF);
    }
  }

  /** Waits for a line matching {@code match}; fails with the output so far if it never comes. */
  String await(Predicate<String> match, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
        if (line == null || EOF.equals(line)) {
          throw new AssertionError(
              (line == null ? "timed out waiting for " : "process ended before ")
                  + what
                  + "; output so far:\n"
                  + String.join("\n", seen));
        }
        seen.add(line);
        if (match.test(line)) {
          return line;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted waiting for " + what));
    }
  }

  /**
   * Waits for the end of the output and returns every line not yet returned by {@link #await};
   * fails with the output so far if it does not end in time.
   */
  List<String> awaitEnd(Duration timeout) {
    List<String> rest = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
        if (line == null) {
          throw new AssertionError("the output did not end; so far:\n" + String.join("\n", rest));
        }
        if (EOF.equals(line)) {
          lines.add(EOF);
          return rest;
        }
        seen.add(line);
        rest.add(line);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted waiting for the end"));
    }
  }
}
