package io.devstreams.protocol.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Objects;

/** The local side of a bridged stream: a TCP socket, or an input and an output stream (stdio). */
interface LocalEnd {

  /** Reads up to {@code buffer.length} bytes, blocking; -1 at end of input. */
  int read(byte[] buffer) throws IOException;

  /** Writes all remaining bytes of {@code data}, blocking while the local reader is slow. */
  void write(ByteBuffer data) throws IOException;

  /** Signals end of output to the local side (TCP half-close). */
  void shutdownOutput() throws IOException;

  /** Closes both directions, unblocking a pending read or write; never throws. */
  void close();

  /** Writes the remaining bytes of {@code data} to {@code out}, copying only a direct buffer. */
  static void copy(ByteBuffer data, OutputStream out) throws IOException {
    if (data.hasArray()) {
      out.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
      data.position(data.limit());
      return;
    }
    byte[] scratch = new byte[Math.min(data.remaining(), 16 * 1024)];
    while (data.hasRemaining()) {
      int n = Math.min(scratch.length, data.remaining());
      data.get(scratch, 0, n);
      out.write(scratch, 0, n);
    }
  }

  /** A TCP socket, which this end owns and closes. */
  final class SocketEnd implements LocalEnd {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    SocketEnd(Socket socket) throws IOException {
      this.socket = Objects.requireNonNull(socket, "socket");
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    @Override
    public int read(byte[] buffer) throws IOException {
      return in.read(buffer, 0, buffer.length);
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
      copy(data, out);
    }

    @Override
    public void shutdownOutput() throws IOException {
      socket.shutdownOutput();
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing is best effort: the socket is unusable either way
      }
    }
  }

  /** An input and an output stream (a process's stdin and stdout), flushed after every write. */
  final class StreamsEnd implements LocalEnd {
    private final InputStream in;
    private final OutputStream out;
    private final Runnable shutdownOutput;

    StreamsEnd(InputStream in, OutputStream out, Runnable shutdownOutput) {
      this.in = Objects.requireNonNull(in, "in");
      this.out = Objects.requireNonNull(out, "out");
      this.shutdownOutput = Objects.requireNonNull(shutdownOutput, "shutdownOutput");
    }

    @Override
    public int read(byte[] buffer) throws IOException {
      return in.read(buffer, 0, buffer.length);
    }

    @Override
    public void write(ByteBuffer data) throws IOException {
      copy(data, out);
      out.flush();
    }

    @Override
    public void shutdownOutput() throws IOException {
      out.flush();
      try {
        shutdownOutput.run();
      } catch (RuntimeException e) {
        throw new IOException("cannot shut down output: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      closeQuietly(out);
      closeQuietly(in);
    }

    private static void closeQuietly(AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // closing is best effort: the stream is unusable either way
      }
    }
  }
}
