package io.devstreams.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bin/devstreams stdio DEVICE SERVICE} process whose standard input the test writes when
 * it likes (to hold a stream open, idle, or to push a file) and whose standard output and error are
 * collected apart.
 */
final class StdioSession implements AutoCloseable {
  private final Process process;
  private final ByteArrayOutputStream outSoFar = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> out;
  private final CompletableFuture<byte[]> err;

  private StdioSession(Process process) {
    this.process = process;
    this.out = drain(process.getInputStream(), outSoFar);
    this.err = drain(process.getErrorStream(), new ByteArrayOutputStream());
  }

  /** Starts {@code devstreams stdio device service extraArgs...} with {@code env} only. */
  static StdioSession start(
      Map<String, String> env, String device, String service, String... extraArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(HubProcess.repoRoot().resolve("bin/devstreams").toString());
    cmd.addAll(List.of("stdio", device, service));
    cmd.addAll(List.of(extraArgs));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment()
        .keySet()
        .removeIf(k -> k.startsWith("DEVSTREAMS_") || k.endsWith("_PROXY") || k.endsWith("_proxy"));
    pb.environment().putAll(env);
    try {
      return new StdioSession(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The process's standard input. */
  OutputStream stdin() {
    return process.getOutputStream();
  }

  /** Writes {@code data} to standard input, then closes it (the stream's fin). */
  void sendAndClose(byte[] data) {
    try (OutputStream in = process.getOutputStream()) {
      in.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for the exit and returns the code; fails with the error output if it does not end. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(
            "devstreams stdio did not exit within " + timeout + "; stderr so far unknown");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until standard output has shown {@code text}; fails after {@code timeout}. */
  void awaitOutput(String text, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (outSoFar) {
      while (!outSoFar.toString(StandardCharsets.ISO_8859_1).contains(text)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || out.isDone()) {
          throw new AssertionError(
              "devstreams stdio did not print "
                  + text
                  + " (it printed "
                  + outSoFar.size()
                  + " bytes)");
        }
        try {
          outSoFar.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }
  }

  /** The commands of the processes the stdio process has started and that still run. */
  List<String> descendantCommands() {
    return process.descendants().map(p -> p.info().command().orElse("?")).toList();
  }

  /** Standard output, once the process has exited. */
  byte[] stdout() {
    return out.join();
  }

  /** Standard error, once the process has exited. */
  String stderr() {
    return new String(err.join(), StandardCharsets.UTF_8);
  }

  private static CompletableFuture<byte[]> drain(InputStream in, ByteArrayOutputStream buffer) {
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              byte[] chunk = new byte[8192];
              try {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                  synchronized (buffer) {
                    buffer.write(chunk, 0, n);
                    buffer.notifyAll();
                  }
                }
              } catch (IOException e) {
                // the process is gone: what was read is what there is
              }
              synchronized (buffer) {
                done.complete(buffer.toByteArray());
                buffer.notifyAll();
              }
            },
            "stdio-drain");
    t.setDaemon(true);
    t.start();
    return done;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
