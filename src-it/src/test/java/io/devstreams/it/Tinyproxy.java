package io.devstreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP CONNECT proxy (Debian's tinyproxy) on a loopback port with Basic credentials and an
 * idle timeout, as a corporate proxy would have: the way out for agents and CLIs in the proxy
 * tests. Its log records every CONNECT, so a test can tell that traffic went through it.
 */
final class Tinyproxy implements AutoCloseable {
  static final String USER = "alice";
  static final String PASSWORD = "s3cret-proxy-pass";
  private static final Path BINARY = Path.of("/usr/bin/tinyproxy");

  private final Process process;
  private final int port;
  private final Path log;

  private Tinyproxy(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts tinyproxy in {@code dir}, dropping connections idle for {@code idleTimeout}. */
  static Tinyproxy start(Path dir, Duration idleTimeout) {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(
          BINARY + " is missing: apt-get install tinyproxy (.ci/run installs it)");
    }
    int port = HubProcess.freePort();
    Path log = dir.resolve("tinyproxy.log");
    try {
      Files.createDirectories(dir);
      Path conf = dir.resolve("tinyproxy.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "Port " + port,
              "Listen 127.0.0.1",
              "Timeout " + idleTimeout.toSeconds(),
              "LogLevel Connect",
              "MaxClients 200",
              "Allow 127.0.0.1",
              "BasicAuth " + USER + " " + PASSWORD,
              "DisableViaHeader Yes",
              ""));
      Process p =
          new ProcessBuilder(BINARY.toString(), "-d", "-c", conf.toString())
              .redirectErrorStream(true)
              .start();
      new ProcessOutput(p.getInputStream(), log);
      awaitListening(p, port);
      return new Tinyproxy(p, port, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Tinyproxy prints no ready line at this log level: its port accepting is the sign. */
  private static void awaitListening(Process p, int port) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
    }
    p.destroyForcibly();
    throw new AssertionError("tinyproxy did not listen on port " + port + " within 30 s");
  }

  /** Returns {@code http://USER:PASSWORD@127.0.0.1:PORT}. */
  String url() {
    return "http://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port;
  }

  /** Returns the proxy URL with a wrong password. */
  String urlWithWrongPassword() {
    return "http://" + USER + ":wrong@127.0.0.1:" + port;
  }

  /** Returns how many CONNECT requests to {@code hostPort} the proxy has logged so far. */
  long connectsTo(String hostPort) {
    try {
      return Files.readAllLines(log).stream()
          .filter(l -> l.contains("CONNECT " + hostPort + " "))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
