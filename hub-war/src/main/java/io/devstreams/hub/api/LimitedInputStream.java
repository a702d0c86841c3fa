package io.devstreams.hub.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Fails a read once more than a set number of bytes has come through, and remembers that it did.
 */
final class LimitedInputStream extends FilterInputStream {

  private final long limit;
  private long count;
  private boolean exceeded;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  /** Returns how many bytes have been read so far. */
  long count() {
    return count;
  }

  /** Returns whether the stream had more bytes than the limit. */
  boolean exceeded() {
    return exceeded;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void count(long n) throws IOException {
    count += n;
    if (count > limit) {
      exceeded = true;
      throw new IOException("request body is larger than " + limit + " bytes");
    }
  }
}
