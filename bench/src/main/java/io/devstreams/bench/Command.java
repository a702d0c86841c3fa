package io.devstreams.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A command run as a user would run it from a shell, timed from its start to its exit: standard
 * output to a file (or discarded), standard error kept for the report.
 */
final class Command {

  /** How one run went. */
  record Result(long nanos, int exitCode, String stdout, String stderr) {
    boolean succeeded() {
      return exitCode == 0;
    }

    /** The last line of standard error, for a problem report. */
    String why() {
      String e = stderr.strip();
      int nl = e.lastIndexOf('\n');
      return "exit " + exitCode + (e.isEmpty() ? "" : ": " + (nl < 0 ? e : e.substring(nl + 1)));
    }
  }

  private final List<String> argv;
  private final Map<String, String> environment;

  /** {@code environment}: variables set (a null value removes the variable). */
  Command(List<String> argv, Map<String, String> environment) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("no command");
    }
    this.argv = List.copyOf(argv);
    this.environment = environment;
  }

  /** Runs the command with no input; kills it after {@code timeoutSeconds}. */
  Result run(Path scratch, long timeoutSeconds) throws IOException, InterruptedException {
    Path out = Files.createTempFile(scratch, "out", ".txt");
    Path err = Files.createTempFile(scratch, "err", ".txt");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(argv)
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      environment.forEach(
          (k, v) -> {
            if (v == null) {
              builder.environment().remove(k);
            } else {
              builder.environment().put(k, v);
            }
          });
      long start = System.nanoTime();
      Process p = builder.start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        return new Result(
            System.nanoTime() - start, -1, "", "timed out after " + timeoutSeconds + " s");
      }
      long nanos = System.nanoTime() - start;
      return new Result(
          nanos,
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Quotes {@code word} for a POSIX shell (ssh runs ProxyCommand with one). */
  static String shellQuote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** Quotes each word and joins them with spaces. */
  static String shellLine(List<String> words) {
    StringBuilder line = new StringBuilder();
    for (String w : words) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(w.startsWith("%") ? w : shellQuote(w));
    }
    return line.toString();
  }
}
