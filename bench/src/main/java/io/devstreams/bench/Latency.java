package io.devstreams.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Stream set-up (connect to first echoed byte) and 32-byte ping-pong round trips. */
final class Latency {

  /** Socket timeout for every set-up and round trip. */
  static final int TIMEOUT_MILLIS = 30_000;

  private Latency() {}

  /**
   * Opens a connection, writes one byte and returns the nanoseconds until it came back from the
   * echo service; then half-closes and reads to the end, so the stream ends cleanly end to end
   * before the next one.
   */
  static long firstByte(InetSocketAddress echo) throws IOException {
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.connect(echo, TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      out.write(0x2a);
      int b = in.read();
      long nanos = System.nanoTime() - start;
      if (b != 0x2a) {
        throw new IOException(b < 0 ? "the stream ended before the echo" : "wrong byte echoed");
      }
      socket.shutdownOutput();
      while (in.read() >= 0) {
        // until the echo service's end of output has crossed back
      }
      return nanos;
    }
  }

  /** The set-up times of {@code count} streams opened one after the other. */
  static long[] sequential(InetSocketAddress echo, int count) throws IOException {
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      nanos[i] = firstByte(echo);
    }
    return nanos;
  }

  /** Streams opened back to back by several clients for a while. */
  record Rate(int clients, long nanos, long completed, long failed, long[] setupNanos) {
    double perSecond() {
      return completed / (nanos / 1e9);
    }
  }

  /** Runs {@code clients} threads that each open streams back to back for {@code millis}. */
  static Rate sustained(InetSocketAddress echo, int clients, long millis)
      throws InterruptedException {
    AtomicInteger failed = new AtomicInteger();
    List<long[]> perClient = new ArrayList<>();
    int[] counts = new int[clients];
    Thread[] threads = new Thread[clients];
    long start = System.nanoTime();
    long deadline = start + millis * 1_000_000;
    for (int c = 0; c < clients; c++) {
      long[] samples = new long[1 << 17];
      perClient.add(samples);
      int index = c;
      threads[c] =
          new Thread(
              () -> {
                while (System.nanoTime() < deadline && counts[index] < samples.length) {
                  try {
                    samples[counts[index]] = firstByte(echo);
                    counts[index]++;
                  } catch (IOException e) {
                    failed.incrementAndGet();
                  }
                }
              },
              "bench-rate-" + c);
      threads[c].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long nanos = System.nanoTime() - start;
    long completed = 0;
    for (int count : counts) {
      completed += count;
    }
    long[] all = new long[(int) completed];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(perClient.get(c), 0, all, at, counts[c]);
      at += counts[c];
    }
    return new Rate(clients, nanos, completed, failed.get(), all);
  }

  /**
   * Sends 32 bytes and waits for them to come back, {@code warmUp + count} times on one connection,
   * and returns the last {@code count} round trips.
   */
  static long[] pingPong(InetSocketAddress echo, int warmUp, int count) throws IOException {
    byte[] ping = new byte[32];
    byte[] pong = new byte[32];
    long[] nanos = new long[count];
    try (Socket socket = new Socket()) {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.connect(echo, TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int i = -warmUp; i < count; i++) {
        Arrays.fill(ping, (byte) i);
        long start = System.nanoTime();
        out.write(ping);
        for (int got = 0; got < pong.length; ) {
          int n = in.read(pong, got, pong.length - got);
          if (n < 0) {
            throw new IOException("the stream ended during a round trip");
          }
          got += n;
        }
        long elapsed = System.nanoTime() - start;
        if (!Arrays.equals(ping, pong)) {
          throw new IOException("the echo came back changed");
        }
        if (i >= 0) {
          nanos[i] = elapsed;
        }
      }
      socket.shutdownOutput();
      while (in.read() >= 0) {
        // clean end
      }
    }
    return nanos;
  }
}
