package io.devstreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A long-running CLI process of ours (agent, forwarder) whose output a test can wait on. */
final class ManagedProcess implements AutoCloseable {
  private final Process process;
  private final ProcessOutput output;
  private final Path log;

  private ManagedProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.output = new ProcessOutput(process.getInputStream(), log);
  }

  /**
   * Starts {@code bin/<command> args...} with {@code env} added, output merged into {@code log}.
   */
  static ManagedProcess start(
      Path log, Map<String, String> env, String command, List<String> args) {
    return start(log, env, List.of(), command, args);
  }

  /**
   * Starts the device agent {@code bin/devstreams-device args...} with {@code connectionString} and
   * the hub's certificate in its environment, output in {@code log}.
   */
  static ManagedProcess agent(
      Path log, HubProcess hub, String connectionString, List<String> args) {
    return start(
        log,
        Map.of(
            "DEVSTREAMS_DEVICE_CONNECTION_STRING",
            connectionString,
            "DEVSTREAMS_TRUST_CERT",
            hub.trustCert().toString()),
        "devstreams-device",
        args);
  }

  /**
   * Starts {@code prefix... bin/<command> args...} (the prefix, such as {@code ip netns exec NS},
   * runs the command elsewhere) with {@code env} added, output merged into {@code log}.
   */
  static ManagedProcess start(
      Path log, Map<String, String> env, List<String> prefix, String command, List<String> args) {
    List<String> cmd = new java.util.ArrayList<>(prefix);
    cmd.add(HubProcess.repoRoot().resolve("bin").resolve(command).toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment()
        .keySet()
        .removeIf(k -> k.startsWith("DEVSTREAMS_") || k.endsWith("_PROXY") || k.endsWith("_proxy"));
    pb.environment().putAll(env);
    try {
      return new ManagedProcess(pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts any command as {@code builder} says, its output (merged here) in {@code log}. */
  static ManagedProcess start(Path log, ProcessBuilder builder) {
    try {
      return new ManagedProcess(builder.redirectErrorStream(true).start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the process's output to end and returns the lines no {@link #await} returned. */
  List<String> awaitOutputEnd(Duration timeout) {
    return output.awaitEnd(timeout);
  }

  /** Waits for a line containing {@code text} and returns it. */
  String await(String text, Duration timeout) {
    return output.await(l -> l.contains(text), timeout, "'" + text + "' in " + log.getFileName());
  }

  /** Waits for a {@code forward}'s "forwarding 127.0.0.1:PORT" line and returns the port. */
  int awaitForwardPort() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("127\\.0\\.0\\.1:(\\d+)")
            .matcher(await("forwarding", Duration.ofSeconds(90)));
    if (!m.find()) {
      throw new AssertionError("no local port in the forward's first line");
    }
    return Integer.parseInt(m.group(1));
  }

  Process process() {
    return process;
  }

  Path log() {
    return log;
  }

  /** Waits for the process to exit and returns its exit code; fails if it does not. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(log.getFileName() + " did not exit within " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  void kill9() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
