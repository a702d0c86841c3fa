package io.devstreams.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Many streams through one echo port at once, driven by one selector thread. Stream {@code i}
 * carries {@code bytesEach} bytes of {@link DataPattern} from its own offset, so no two streams
 * carry the same bytes and a byte delivered to the wrong stream is caught; every byte that comes
 * back is compared with what was sent at that offset.
 *
 * <p>Phase one opens the streams (at most {@code inFlight} set-ups at a time, so the local proxy's
 * accept backlog never overflows) and sends each one byte; a stream counts as open once that byte
 * came back. Phase two starts when every stream is open (or the set-up deadline passed): all move
 * the rest of their bytes at once, each ends with a half-close and must see the echo's end.
 */
final class ConcurrentEcho implements AutoCloseable {

  /** How it went: counts, phase durations, and one line per failed stream (at most 20 kept). */
  record Outcome(
      int streams,
      int opened,
      int verified,
      long setUpNanos,
      long transferNanos,
      List<String> failures) {}

  private static final int CHUNK = 64 * 1024;
  private static final int MAX_FAILURES_KEPT = 20;

  /** One stream's state; touched only by the selector thread. */
  private static final class Stream {
    final int index;
    final long start;
    SocketChannel channel;
    long sent;
    long received;
    boolean open;
    boolean done;

    Stream(int index, long start) {
      this.index = index;
      this.start = start;
    }
  }

  private final InetSocketAddress echo;
  private final long bytesEach;
  private final Selector selector;
  private final List<Stream> streams = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
  private int failed;
  private int opened;
  private int verified;

  ConcurrentEcho(InetSocketAddress echo, int count, long bytesEach) throws IOException {
    if (bytesEach < 1) {
      throw new IllegalArgumentException("each stream needs at least one byte");
    }
    this.echo = echo;
    this.bytesEach = bytesEach;
    this.selector = Selector.open();
    for (int i = 0; i < count; i++) {
      streams.add(new Stream(i, (i * 104_729L) % DataPattern.PERIOD));
    }
  }

  /**
   * Opens every stream, runs {@code whileAllOpen} with all of them open and idle, then moves the
   * data; each phase gives up at its deadline and fails the streams still running.
   */
  Outcome run(int inFlight, long timeoutSeconds, Runnable whileAllOpen) throws IOException {
    long t0 = System.nanoTime();
    setUp(inFlight, t0 + timeoutSeconds * 1_000_000_000L);
    long setUpNanos = System.nanoTime() - t0;
    whileAllOpen.run();
    long t1 = System.nanoTime();
    transfer(t1 + timeoutSeconds * 1_000_000_000L);
    long transferNanos = System.nanoTime() - t1;
    return new Outcome(
        streams.size(), opened, verified, setUpNanos, transferNanos, List.copyOf(failures));
  }

  private void setUp(int inFlight, long deadline) throws IOException {
    int next = 0;
    while (opened + failed < streams.size()) {
      while (next - opened - failed < inFlight && next < streams.size()) {
        connect(streams.get(next++));
      }
      if (!select(deadline)) {
        expire("not open after the set-up deadline", false);
        return;
      }
      for (SelectionKey key : selector.selectedKeys()) {
        Stream s = (Stream) key.attachment();
        try {
          if (key.isConnectable() && s.channel.finishConnect()) {
            s.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            write(s, 1);
            key.interestOps(SelectionKey.OP_READ);
          } else if (key.isReadable()) {
            if (read(s) && s.received == 1) {
              s.open = true;
              opened++;
              key.interestOps(0);
            }
          }
        } catch (IOException e) {
          fail(s, "set-up failed: " + e);
        }
      }
      selector.selectedKeys().clear();
    }
  }

  private void transfer(long deadline) throws IOException {
    for (Stream s : streams) {
      if (s.open && !s.done) {
        s.channel.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
    }
    while (verified + failed < streams.size()) {
      if (!select(deadline)) {
        expire("timed out", true);
        return;
      }
      for (SelectionKey key : selector.selectedKeys()) {
        Stream s = (Stream) key.attachment();
        try {
          if (key.isValid() && key.isWritable()) {
            write(s, (int) Math.min(CHUNK, bytesEach - s.sent));
            if (s.sent == bytesEach) {
              s.channel.shutdownOutput();
              key.interestOps(SelectionKey.OP_READ);
            }
          }
          if (key.isValid() && key.isReadable()) {
            read(s);
          }
        } catch (IOException e) {
          fail(s, "failed after " + s.received + " of " + bytesEach + " bytes: " + e);
        }
      }
      selector.selectedKeys().clear();
    }
  }

  private void connect(Stream s) {
    try {
      s.channel = SocketChannel.open();
      s.channel.configureBlocking(false);
      s.channel.connect(echo);
      s.channel.register(selector, SelectionKey.OP_CONNECT, s);
    } catch (IOException e) {
      fail(s, "cannot connect: " + e);
    }
  }

  /** Waits for ready channels; false once the deadline passed with nothing ready. */
  private boolean select(long deadline) throws IOException {
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      if (selector.select(left) > 0) {
        return true;
      }
    }
  }

  private void write(Stream s, int length) throws IOException {
    if (length > 0) {
      s.sent += s.channel.write(DataPattern.shared().slice(s.start + s.sent, length));
    }
  }

  /** Reads what is there and checks it; true if the stream is still fine. */
  private boolean read(Stream s) throws IOException {
    buffer.clear();
    int n = s.channel.read(buffer);
    if (n < 0) {
      if (s.received == bytesEach) {
        s.done = true;
        verified++;
        s.channel.close();
        return true;
      }
      fail(s, "the stream ended after " + s.received + " of " + bytesEach + " bytes");
      return false;
    }
    buffer.flip();
    if (s.received + n > s.sent) {
      fail(s, "more bytes came back than were sent (" + (s.received + n) + " > " + s.sent + ")");
      return false;
    }
    int mismatch = buffer.mismatch(DataPattern.shared().slice(s.start + s.received, n));
    if (mismatch >= 0) {
      fail(s, "byte " + (s.received + mismatch) + " came back changed");
      return false;
    }
    s.received += n;
    return true;
  }

  /** Fails every stream still running ({@code openOnes}: also those already open). */
  private void expire(String why, boolean openOnes) {
    for (Stream s : streams) {
      if (!s.done && (openOnes || !s.open)) {
        fail(s, why + " (" + s.received + " of " + bytesEach + " bytes back)");
      }
    }
  }

  private void fail(Stream s, String why) {
    if (s.done) {
      return;
    }
    s.done = true;
    failed++;
    if (failures.size() < MAX_FAILURES_KEPT) {
      failures.add("stream " + s.index + ": " + why);
    }
    if (s.channel != null) {
      try {
        s.channel.close();
      } catch (IOException e) {
        // closing a failed stream: nothing more to learn
      }
    }
  }

  @Override
  public void close() throws IOException {
    for (Stream s : streams) {
      if (s.channel != null) {
        s.channel.close();
      }
    }
    selector.close();
  }
}
