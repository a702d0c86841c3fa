package io.devstreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/devstreams} as a user would and captures what it printed and its exit code. */
final class Cli {
  /** Readers of child output block, so they get threads of their own, never the common pool. */
  private static final java.util.concurrent.ExecutorService READERS =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "cli-output");
            t.setDaemon(true);
            return t;
          });

  private Cli() {}

  /** One finished run of the CLI. */
  record Result(int exitCode, byte[] stdoutBytes, String stderr) {
    String stdout() {
      return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr;
    }
  }

  static Result run(Map<String, String> env, String... args) {
    return runWithInput(env, null, args);
  }

  /** Runs the CLI with its standard input read from {@code stdin} (or closed when null). */
  static Result runWithInput(Map<String, String> env, java.nio.file.Path stdin, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(HubProcess.repoRoot().resolve("bin/devstreams").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("DEVSTREAMS_CONNECTION_STRING");
    pb.environment().remove("DEVSTREAMS_TRUST_CERT");
    pb.environment().putAll(env);
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    try {
      Process p = pb.start();
      if (stdin == null) {
        p.getOutputStream().close();
      }
      CompletableFuture<String> err = readAll(p.getErrorStream());
      CompletableFuture<byte[]> out = readBytes(p.getInputStream());
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("bin/devstreams " + String.join(" ", args) + " did not exit");
      }
      return new Result(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static CompletableFuture<byte[]> readBytes(java.io.InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return in.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        READERS);
  }

  private static CompletableFuture<String> readAll(java.io.InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        READERS);
  }

  /** The environment a user of the hub would set: owner connection string and trusted cert. */
  static Map<String, String> ownerEnv(HubProcess hub) {
    return Map.of(
        "DEVSTREAMS_CONNECTION_STRING", hub.ownerConnectionString(),
        "DEVSTREAMS_TRUST_CERT", hub.trustCert().toString());
  }
}
