package io.devstreams.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The two ends of a backpressure test: a sender that writes a position-dependent byte pattern as
 * fast as its socket takes it, and a device-side service that reads it at a fixed pace and checks
 * the pattern.
 */
final class SlowPipe {
  private SlowPipe() {}

  /** The byte at {@code offset} of the stream: every byte is checkable on arrival. */
  static byte pattern(long offset) {
    return (byte) (offset % 251);
  }

  /** Writes the pattern into a socket, 64 KiB at a time, up to {@code attempt} bytes or a stop. */
  static final class Sender {
    private final AtomicLong sent = new AtomicLong();
    private final CompletableFuture<Long> ended = new CompletableFuture<>();
    private volatile boolean stopped;
    private volatile Throwable failure;

    Sender(OutputStream out, long attempt) {
      Thread t = new Thread(() -> run(out, attempt), "slow-pipe-sender");
      t.setDaemon(true);
      t.start();
    }

    private void run(OutputStream out, long attempt) {
      byte[] chunk = new byte[64 * 1024];
      try {
        while (!stopped && sent.get() < attempt) {
          long offset = sent.get();
          for (int i = 0; i < chunk.length; i++) {
            chunk[i] = pattern(offset + i);
          }
          out.write(chunk);
          sent.addAndGet(chunk.length);
        }
        out.flush();
      } catch (IOException | RuntimeException e) {
        failure = e;
      } finally {
        ended.complete(sent.get());
      }
    }

    /** Bytes the socket accepted so far (whole writes only). */
    long sent() {
      return sent.get();
    }

    /** Why writing failed, or null. */
    Throwable failure() {
      return failure;
    }

    /** Asks the sender to stop after the write in progress. */
    void stop() {
      stopped = true;
    }

    /** Waits for the sender to stop and returns the bytes it sent. */
    long awaitEnd(Duration timeout) throws Exception {
      return ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A loopback TCP service that accepts one connection and reads it at {@code rate} bytes a second
   * with a token bucket (one second's worth of burst) until told to drain, checking the pattern; it
   * closes after the end of input.
   */
  static final class SlowReceiver implements AutoCloseable {
    private final ServerSocket server;
    private final long rate;
    private final AtomicLong consumed = new AtomicLong();
    private final CompletableFuture<Long> ended = new CompletableFuture<>();
    private volatile boolean draining;
    private volatile long corruptAt = -1;

    SlowReceiver(long rate) throws IOException {
      this.rate = rate;
      server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      Thread t = new Thread(this::run, "slow-pipe-receiver");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    /** Bytes read so far. */
    long consumed() {
      return consumed.get();
    }

    /** The offset of the first byte that broke the pattern, or -1. */
    long corruptAt() {
      return corruptAt;
    }

    /** From now on, reads as fast as bytes come. */
    void drain() {
      draining = true;
    }

    /** Waits for the end of input and returns the bytes read. */
    long awaitEnd(Duration timeout) throws Exception {
      return ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        long start = System.nanoTime();
        while (true) {
          int want = buf.length;
          if (!draining) {
            // Pacing the slow consumer is the point: at most `rate` bytes a second since the
            // start plus one second's burst; park until the next 1 KB is allowed.
            long elapsed = System.nanoTime() - start;
            long allowed = rate + rate * elapsed / 1_000_000_000L - consumed.get();
            if (allowed < 1000) {
              LockSupport.parkNanos((1000 - allowed) * 1_000_000_000L / rate);
              continue;
            }
            want = (int) Math.min(want, allowed);
          }
          int n = in.read(buf, 0, want);
          if (n < 0) {
            break;
          }
          long at = consumed.get();
          for (int i = 0; i < n && corruptAt < 0; i++) {
            if (buf[i] != pattern(at + i)) {
              corruptAt = at + i;
            }
          }
          consumed.addAndGet(n);
        }
        ended.complete(consumed.get());
      } catch (IOException e) {
        ended.completeExceptionally(e);
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
