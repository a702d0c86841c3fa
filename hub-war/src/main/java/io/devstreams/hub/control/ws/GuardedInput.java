package io.devstreams.hub.control.ws;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;

/**
 * The upgraded connection's input as Tyrus reads it, with every byte passed through a {@link
 * FrameGuard}: a frame the hub must not accept fails the connection (the socket is closed) before
 * Tyrus sees its bytes. It also knows when the client has {@link #isDone() nothing more to send}.
 */
final class GuardedInput extends ServletInputStream {

  /** What to do when the client broke a rule: close the connection, log the reason. */
  interface Failure {
    void fail(FrameGuard.Violation violation) throws IOException;
  }

  private final ServletInputStream in;
  private final FrameGuard guard;
  private final Failure failure;
  private volatile boolean ended;

  GuardedInput(ServletInputStream in, FrameGuard guard, Failure failure) {
    this.in = in;
    this.guard = guard;
    this.failure = failure;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException e) {
      // A reset connection: its close must not wait for a close frame. When it did, 10,000 devices
      // dropped at once were all closed 5 s later on the closer thread, and the container's worker
      // queue overflowed (bench case 5).
      ended = true;
      throw e;
    }
    if (n < 0) {
      ended = true;
    } else if (n > 0) {
      FrameGuard.Violation violation = guard.check(b, off, n);
      if (violation != null) {
        ended = true; // nothing more is read from a client that broke the rules
        failure.fail(violation);
        throw new IOException("control channel failed: " + violation.reason());
      }
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public boolean isFinished() {
    return in.isFinished();
  }

  @Override
  public boolean isReady() {
    return in.isReady();
  }

  @Override
  public void setReadListener(ReadListener listener) {
    in.setReadListener(
        new ReadListener() {
          @Override
          public void onDataAvailable() throws IOException {
            listener.onDataAvailable();
          }

          @Override
          public void onAllDataRead() throws IOException {
            ended = true;
            listener.onAllDataRead();
          }

          @Override
          public void onError(Throwable t) {
            ended = true;
            listener.onError(t);
          }
        });
  }

  /**
   * Whether the client has nothing more to send: its close frame came whole, its input ended or
   * failed, or it broke a rule and is read no further.
   */
  boolean isDone() {
    return ended || guard.closeReceived();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
