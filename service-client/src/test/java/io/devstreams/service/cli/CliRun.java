package io.devstreams.service.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One in-process run of the CLI with its exit code and captured output.
 *
 * @param exitCode what the process would exit with
 * @param out standard output
 * @param err standard error
 */
record CliRun(int exitCode, String out, String err) {

  static CliRun run(Map<String, String> env, String... args) {
    return capture(terminal -> DevstreamsMain.run(List.of(args), env, terminal));
  }

  /** Runs {@code cli} on a terminal whose output is captured; it returns the exit code. */
  static CliRun capture(java.util.function.ToIntFunction<Terminal> cli) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        cli.applyAsInt(
            Terminal.of(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Returns the single line on stderr, failing if there is not exactly one. */
  String errorLine() {
    String[] lines = err.split("\n", -1);
    if (lines.length != 2 || !lines[1].isEmpty()) {
      throw new AssertionError("expected one line on stderr, got: " + err);
    }
    return lines[0];
  }
}
