package io.devstreams.protocol.tunnel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The output of a {@link StreamConnection}: each write is handed to the channel's {@link
 * LocalReader} thread, which copies it straight into binary frames of at most 64 KiB and sends one
 * at a time, so a write returns once its last frame is taken and the next write waits until that
 * frame was sent: a slow hub holds back the writer, and nothing is buffered beyond one frame.
 *
 * <p>Every write goes out at once (there is no buffer to flush); wrap the stream in a {@code
 * BufferedOutputStream} for many small writes. {@link #close()} sends {@code fin} after the last
 * byte.
 */
final class StreamOutput extends OutputStream {

  private final String streamId;
  private byte[] pending;
  private int offset;
  private int remaining;
  private boolean taking;
  private boolean closed;
  private StreamResult end;

  StreamOutput(String streamId) {
    this.streamId = streamId;
  }

  /**
   * Copies up to {@code buffer.length} written bytes into {@code buffer}, blocking until there are
   * some; -1 once the output is closed and every byte was taken.
   *
   * @throws IOException once the stream has ended, so that nothing is sent after the close
   */
  synchronized int take(byte[] buffer) throws IOException {
    taking = true;
    notifyAll();
    try {
      await(() -> remaining > 0 || closed || end != null);
    } finally {
      taking = false;
    }
    if (end != null) {
      throw ConnectionEnd.ended(streamId, end);
    }
    if (remaining == 0) {
      return -1;
    }
    int n = Math.min(buffer.length, remaining);
    System.arraycopy(pending, offset, buffer, 0, n);
    offset += n;
    remaining -= n;
    if (remaining == 0) {
      notifyAll();
    }
    return n;
  }

  /** Records how the stream ended (the first call wins): writes from now on fail. */
  synchronized void end(StreamResult result) {
    if (end == null) {
      end = result;
    }
    notifyAll();
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    await(() -> pending == null || closed || end != null);
    ensureOpen();
    if (len == 0) {
      return;
    }
    pending = b;
    offset = off;
    remaining = len;
    notifyAll();
    try {
      awaitTaken(len);
    } finally {
      pending = null;
      remaining = 0;
      notifyAll();
    }
  }

  /** Waits until every byte written so far was sent (handed to the connection to the hub). */
  @Override
  public synchronized void flush() throws IOException {
    await(() -> (remaining == 0 && taking) || closed || end != null);
    if (end != null) {
      throw ConnectionEnd.ended(streamId, end);
    }
  }

  /** Sends {@code fin} after the last byte written, leaving the input open; never throws. */
  @Override
  public synchronized void close() {
    closed = true;
    notifyAll();
  }

  private void awaitTaken(int len) throws IOException {
    try {
      await(() -> remaining == 0 || end != null);
    } catch (InterruptedIOException e) {
      e.bytesTransferred = len - remaining;
      throw e;
    }
    if (remaining > 0) {
      throw ConnectionEnd.ended(streamId, end);
    }
  }

  private void ensureOpen() throws IOException {
    if (end != null) {
      throw ConnectionEnd.ended(streamId, end);
    }
    if (closed) {
      throw new IOException("stream " + streamId + ": output is closed");
    }
  }

  private void await(BooleanSupplier done) throws InterruptedIOException {
    try {
      while (!done.getAsBoolean()) {
        wait();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for stream " + streamId);
    }
  }
}
