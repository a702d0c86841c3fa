package io.devstreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a system command (dpkg, systemd-analyze, find...) to its end, output and errors merged. */
final class Commands {
  private Commands() {}

  /** A finished command: its exit status and everything it printed. */
  record Result(int exitCode, String output) {}

  static Result run(Duration timeout, String... command) {
    return run(timeout, Map.of(), command);
  }

  /** Runs {@code command} with {@code env} added; fails if it is still running after timeout. */
  static Result run(Duration timeout, Map<String, String> env, String... command) {
    try {
      Path out = Files.createTempFile("command-", ".out");
      try {
        ProcessBuilder pb =
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          throw new AssertionError(
              String.join(" ", command)
                  + " still ran after "
                  + timeout
                  + ":\n"
                  + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Whether {@code name} is an executable on the PATH. */
  static boolean onPath(String name) {
    return List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")).stream()
        .anyMatch(d -> Files.isExecutable(Path.of(d, name)));
  }
}
