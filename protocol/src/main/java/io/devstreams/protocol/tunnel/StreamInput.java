package io.devstreams.protocol.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The input of a {@link StreamConnection}: the channel's {@link LocalWriter} thread hands over each
 * received part and waits until the application has read all of it, and only then does the channel
 * ask the WebSocket for the next message, so at most one message is buffered and a slow reader
 * holds back the remote sender.
 *
 * <p>The part is read straight from the WebSocket's buffer, without a copy. Once the application
 * closes the input, later data is discarded (like {@code Socket.shutdownInput}) so that the peer is
 * not held back by a reader that left.
 */
final class StreamInput extends InputStream {

  private final String streamId;
  private ByteBuffer part;
  private boolean fin;
  private boolean closed;
  private StreamResult end;

  StreamInput(String streamId) {
    this.streamId = streamId;
  }

  /** Hands over a received part and blocks until the application has read it (or left). */
  synchronized void deliver(ByteBuffer data) throws IOException {
    if (end != null) {
      throw ConnectionEnd.ended(streamId, end);
    }
    if (closed || !data.hasRemaining()) {
      return;
    }
    part = data;
    notifyAll();
    await(() -> part != data);
    if (end != null && data.hasRemaining()) {
      throw ConnectionEnd.ended(streamId, end);
    }
  }

  /** Records the peer's {@code fin}, which arrives only after every part before it was read. */
  synchronized void fin() {
    fin = true;
    notifyAll();
  }

  /** Records how the stream ended (the first call wins) and drops a part not yet read. */
  synchronized void end(StreamResult result) {
    if (end == null) {
      end = result;
    }
    part = null;
    notifyAll();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    await(() -> part != null || fin || closed || end != null);
    ensureOpen();
    if (part != null) {
      return take(b, off, len);
    }
    if (fin || end.isNormal()) {
      return -1;
    }
    throw ConnectionEnd.ended(streamId, end);
  }

  @Override
  public synchronized int available() throws IOException {
    ensureOpen();
    return part == null ? 0 : part.remaining();
  }

  @Override
  public synchronized void close() {
    closed = true;
    part = null;
    notifyAll();
  }

  private int take(byte[] b, int off, int len) {
    int n = Math.min(len, part.remaining());
    part.get(b, off, n);
    if (!part.hasRemaining()) {
      part = null;
      notifyAll();
    }
    return n;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("stream " + streamId + ": input is closed");
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
