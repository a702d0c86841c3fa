package io.devstreams.hub.control.ws;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The upgraded connection's output as Tyrus writes it: each write goes out whole under one lock, so
 * that {@link #fail} can put a close frame between two of Tyrus's frames, never inside one, and
 * everything Tyrus writes after it is dropped (the client has been told why the connection ends).
 */
final class GuardedOutput extends ServletOutputStream {

  private final ServletOutputStream out;
  private boolean failed;

  GuardedOutput(ServletOutputStream out) {
    this.out = out;
  }

  /**
   * Sends a close frame with {@code code} and {@code reason} (if the output can take it now) and
   * drops every later write.
   */
  synchronized void fail(int code, String reason) throws IOException {
    if (failed) {
      return;
    }
    failed = true;
    if (out.isReady()) {
      out.write(closeFrame(code, reason));
      out.flush();
    }
  }

  @Override
  public synchronized void write(int b) throws IOException {
    if (!failed) {
      out.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    if (!failed) {
      out.write(b, off, len);
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    if (!failed) {
      out.flush();
    }
  }

  @Override
  public boolean isReady() {
    return out.isReady();
  }

  @Override
  public void setWriteListener(WriteListener listener) {
    out.setWriteListener(listener);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** An unmasked close frame; the reason is ASCII and short (well under 123 bytes). */
  private static byte[] closeFrame(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.US_ASCII);
    int length = Math.min(2 + text.length, 125);
    byte[] frame = new byte[2 + length];
    frame[0] = (byte) 0x88;
    frame[1] = (byte) length;
    frame[2] = (byte) (code >>> 8);
    frame[3] = (byte) code;
    System.arraycopy(text, 0, frame, 4, length - 2);
    return frame;
  }
}
