package io.devstreams.protocol.mux;

import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.tunnel.ConnectionFailures;
import io.devstreams.protocol.tunnel.StreamResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;

/**
 * Bridges a {@link MuxStream} to a local socket (or to standard input and output) with two threads
 * of {@link StreamThreads}: one reads the local side and sends what it reads (waiting while the
 * hub's windows are used up), then {@code FIN} at its end; the other writes what arrives straight
 * from the stream's buffers and grants the window again once written, then half-closes the local
 * side at the stream's {@code FIN}. Any other end of the stream closes the local side at once; a
 * local failure closes the stream with 1001 and the reason.
 */
final class StreamBridge {

  private static final int READ_SIZE = MuxFrames.MAX_PAYLOAD;

  /**
   * A stream's first local reads go into a buffer this big, and into one of {@link #READ_SIZE} once
   * a read fills it (bulk): 10,000 streams of small messages held 64 KiB each for nothing, 625 MiB
   * of an agent's heap.
   */
  private static final int FIRST_READ_SIZE = 8 * 1024;

  private final MuxStream stream;
  private final InputStream in;
  private final OutputStream out;
  private final Runnable shutdownOutput;
  private final AutoCloseable local;

  private StreamBridge(
      MuxStream stream,
      InputStream in,
      OutputStream out,
      Runnable shutdownOutput,
      AutoCloseable local) {
    this.stream = stream;
    this.in = in;
    this.out = out;
    this.shutdownOutput = shutdownOutput;
    this.local = local;
  }

  static CompletableFuture<StreamResult> start(MuxStream stream, Socket socket) throws IOException {
    return new StreamBridge(
            stream,
            socket.getInputStream(),
            socket.getOutputStream(),
            () -> {
              try {
                socket.shutdownOutput();
              } catch (IOException e) {
                // the socket is closing anyway
              }
            },
            socket)
        .start();
  }

  static CompletableFuture<StreamResult> start(
      MuxStream stream, InputStream in, OutputStream out, Runnable shutdownOutput) {
    return new StreamBridge(
            stream,
            in,
            out,
            shutdownOutput,
            () -> {
              in.close();
              out.close();
            })
        .start();
  }

  private CompletableFuture<StreamResult> start() {
    CompletableFuture<Void> written = new CompletableFuture<>();
    stream
        .result()
        .whenComplete(
            (result, e) -> {
              if (result == null || result.closeCode() != CloseCodes.NORMAL) {
                closeLocal();
              }
            });
    StreamThreads.run(this::send);
    StreamThreads.run(
        () -> {
          try {
            receive();
          } finally {
            written.complete(null);
          }
        });
    // A normal end closes the local side once everything received is written to it. Nothing
    // waits for that: the stream's end can come on the receiving thread itself (its last read
    // ends the stream), which once waited a second here for its own end, holding every stream's
    // local side open a second after its end.
    return stream
        .result()
        .thenCombine(
            written,
            (result, done) -> {
              closeLocal();
              return result;
            });
  }

  private void send() {
    byte[] buffer = new byte[FIRST_READ_SIZE];
    try {
      int n;
      while ((n = readLocal(buffer)) >= 0) {
        if (n > 0) {
          stream.output().write(buffer, 0, n); // sent before it returns: the buffer is free again
        }
        if (n == buffer.length && n < READ_SIZE) {
          buffer = new byte[READ_SIZE];
        }
      }
      stream.output().close();
    } catch (LocalFailure e) {
      localFailed(e.getCause());
    } catch (IOException e) {
      // The stream ended, or its connection to the hub was lost (the session ends every stream on
      // it, with the reason, before a write's failure gets here): its result says which. Naming
      // it a local failure once told a user whose hub died that their own connection failed.
    }
  }

  private int readLocal(byte[] buffer) throws LocalFailure {
    try {
      return in.read(buffer);
    } catch (IOException e) {
      throw new LocalFailure(e);
    }
  }

  private void localFailed(IOException e) {
    if (!stream.hasEnded()) {
      stream.close(
          CloseCodes.GOING_AWAY, "local connection failed: " + ConnectionFailures.describe(e));
    }
  }

  private void receive() {
    try {
      byte[] chunk;
      while ((chunk = stream.nextChunk()) != null) {
        out.write(chunk);
        out.flush();
        stream.consumed(chunk.length);
      }
      shutdownOutput.run();
    } catch (IOException e) {
      // Either the local write failed, or the stream ended (nextChunk throws only then, and
      // localFailed leaves an ended stream alone).
      localFailed(e);
    }
  }

  private void closeLocal() {
    try {
      local.close();
    } catch (Exception e) {
      // closing is best effort: the stream is over
    }
  }

  /** A failure of the local side's input, told apart from the stream's end. */
  private static final class LocalFailure extends IOException {
    private static final long serialVersionUID = 1L;

    LocalFailure(IOException cause) {
      super(cause);
    }

    @Override
    public synchronized IOException getCause() {
      return (IOException) super.getCause();
    }
  }
}
