package io.devstreams.hub.streams.ws;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;

/**
 * An upgraded connection in memory that behaves like Payara's non-blocking streams: a read or a
 * write is allowed only right after {@code isReady()} returned true (Grizzly would block instead;
 * here it fails the test), and a listener is called back only after {@code isReady()} returned
 * false. Thread-safe; listeners are called outside its lock. The v1 relay's tests and the v2
 * connection's ({@code io.devstreams.hub.mux}) use it.
 */
public final class FakeWebConnection implements WebConnection {

  public final Input input = new Input();
  public final Output output = new Output();
  final HttpUpgradeHandler handler;
  private volatile boolean closed;

  public FakeWebConnection(HttpUpgradeHandler handler) {
    this.handler = handler;
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public ServletInputStream getInputStream() {
    return input;
  }

  @Override
  public ServletOutputStream getOutputStream() {
    return output;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      handler.destroy();
    }
  }

  /** A listener callback. */
  private interface Callback {
    void run() throws IOException;
  }

  private static void call(Callback callback) {
    try {
      callback.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The client's bytes on their way to the hub. */
  public static final class Input extends ServletInputStream {

    private final Object lock = new Object();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private Random readSizes;
    private int offset;
    private long available;
    private long consumed;
    private boolean ended;
    private boolean endDelivered;
    private boolean waiting;
    private boolean readyGranted;
    private ReadListener listener;

    /** Makes every read return a random number of bytes up to what was asked. */
    void randomReadSizes(Random random) {
      synchronized (lock) {
        readSizes = random;
      }
    }

    /** The client sends bytes. */
    public void feed(byte[] bytes) {
      boolean notify;
      synchronized (lock) {
        chunks.add(bytes.clone());
        available += bytes.length;
        notify = waiting && bytes.length > 0;
        waiting &= !notify;
      }
      if (notify) {
        call(() -> listener.onDataAvailable());
      }
    }

    /** The client's TCP connection ends. */
    void end() {
      boolean notify;
      synchronized (lock) {
        ended = true;
        notify = waiting;
        waiting = false;
        endDelivered |= notify;
      }
      if (notify) {
        call(() -> listener.onAllDataRead());
      }
    }

    /** Returns the bytes the hub has read. */
    long consumed() {
      synchronized (lock) {
        return consumed;
      }
    }

    @Override
    public boolean isReady() {
      boolean deliverEnd;
      synchronized (lock) {
        if (available > 0) {
          readyGranted = true;
          return true;
        }
        deliverEnd = ended && !endDelivered;
        endDelivered |= ended;
        waiting = !ended;
      }
      if (deliverEnd) {
        call(() -> listener.onAllDataRead());
      }
      return false;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      synchronized (lock) {
        if (!readyGranted) {
          throw new AssertionError("read without isReady() returning true: Grizzly would block");
        }
        readyGranted = false;
        int n = (int) Math.min(len, available);
        if (readSizes != null) {
          n = 1 + readSizes.nextInt(n);
        }
        for (int copied = 0; copied < n; ) {
          byte[] head = chunks.peek();
          int take = Math.min(n - copied, head.length - offset);
          System.arraycopy(head, offset, b, off + copied, take);
          copied += take;
          offset += take;
          if (offset == head.length) {
            chunks.poll();
            offset = 0;
          }
        }
        available -= n;
        consumed += n;
        return n;
      }
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public boolean isFinished() {
      synchronized (lock) {
        return ended && available == 0;
      }
    }

    @Override
    public void setReadListener(ReadListener readListener) {
      listener = readListener;
      if (isReady()) {
        call(() -> readListener.onDataAvailable());
      }
    }
  }

  /** The hub's bytes on their way to the client, who may stop taking them. */
  public static final class Output extends ServletOutputStream {

    private final Object lock = new Object();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private Random stalls;
    private boolean stallAfterEachWrite;
    private int flushed;
    private boolean writable = true;
    private boolean waiting;
    private boolean readyGranted;
    private WriteListener listener;

    /** After each write, the client stops taking bytes with this random chance (one in two). */
    void randomStalls(Random random) {
      synchronized (lock) {
        stalls = random;
      }
    }

    /** After each write, the client stops taking bytes until resumed. */
    void stallAfterEachWrite() {
      synchronized (lock) {
        stallAfterEachWrite = true;
      }
    }

    /** The client stops taking bytes. */
    public void stall() {
      synchronized (lock) {
        writable = false;
      }
    }

    /** The client takes bytes again. */
    public void resume() {
      boolean notify;
      synchronized (lock) {
        writable = true;
        notify = waiting;
        waiting = false;
      }
      if (notify) {
        call(() -> listener.onWritePossible());
      }
    }

    boolean isWaiting() {
      synchronized (lock) {
        return waiting;
      }
    }

    /** Returns what was written and flushed so far. */
    byte[] flushed() {
      synchronized (lock) {
        return Arrays.copyOf(written.toByteArray(), flushed);
      }
    }

    /** Returns what was written, flushed or not. */
    public byte[] written() {
      synchronized (lock) {
        return written.toByteArray();
      }
    }

    @Override
    public boolean isReady() {
      synchronized (lock) {
        readyGranted = writable;
        waiting = !writable;
        return writable;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      synchronized (lock) {
        useReadiness();
        written.write(b, off, len);
        if (stallAfterEachWrite || (stalls != null && stalls.nextBoolean())) {
          writable = false;
        }
      }
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void flush() {
      synchronized (lock) {
        useReadiness();
        flushed = written.size();
      }
    }

    @Override
    public void close() throws IOException {}

    @Override
    public void setWriteListener(WriteListener writeListener) {
      listener = writeListener;
      if (isReady()) {
        call(() -> writeListener.onWritePossible());
      }
    }

    private void useReadiness() {
      if (!readyGranted) {
        throw new AssertionError("write without isReady() returning true: Grizzly would block");
      }
      readyGranted = false;
    }
  }
}
