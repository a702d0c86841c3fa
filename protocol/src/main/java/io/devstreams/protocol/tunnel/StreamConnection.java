package io.devstreams.protocol.tunnel;

import io.devstreams.protocol.CloseCodes;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A stream opened for the application as an {@link InputStream} and an {@link OutputStream}, with
 * flow control both ways and {@code fin} half-close; made by {@link StreamChannel#connect()}.
 *
 * <p>For an orderly end, close {@link #output()} (which sends {@code fin}) and read {@link
 * #input()} to -1: the stream then closes with 1000 by itself. {@link #close()} ends it at once.
 */
public final class StreamConnection implements AutoCloseable {

  private final InputStream input;
  private final OutputStream output;
  private final CompletableFuture<StreamResult> result;
  private final Runnable close;

  StreamConnection(StreamChannel channel, ConnectionEnd end) {
    this(
        end.input(),
        end.output(),
        channel.result(),
        () -> {
          channel.close(CloseCodes.NORMAL, "");
          end.close();
        });
  }

  /**
   * Creates a connection over a stream's input and output, ended by {@code close}; for streams of
   * other kinds than {@link StreamChannel} (a v2 {@link io.devstreams.protocol.mux.MuxStream}).
   */
  public StreamConnection(
      InputStream input,
      OutputStream output,
      CompletableFuture<StreamResult> result,
      Runnable close) {
    this.input = input;
    this.output = output;
    this.result = result;
    this.close = close;
  }

  /**
   * Returns the peer's bytes: a read blocks until some arrive, returns -1 after the peer's {@code
   * fin} or a normal close, and throws an {@link java.io.IOException} naming the close code and
   * reason (for example {@code stream ID: closed with 4005 (device could not reach its local
   * target): REASON}) after any other end. The next message is asked for only once the application
   * has read the previous one. Closing it discards whatever the peer sends from then on.
   */
  public InputStream input() {
    return input;
  }

  /**
   * Returns the stream's output: writes become binary frames of at most 64 KiB, and a write blocks
   * while the previous frame is unsent; {@code flush()} waits until everything written was sent;
   * {@code close()} sends {@code fin} (half-close) and leaves the input open.
   */
  public OutputStream output() {
    return output;
  }

  /** Returns the future that completes (never exceptionally) when the stream has ended. */
  public CompletableFuture<StreamResult> result() {
    return result;
  }

  /**
   * Ends the stream now with 1000, both directions, unless it is already ending: from then on reads
   * return -1 (or throw, if the stream had ended abnormally before) and writes fail. Bytes written
   * but not yet sent are dropped; {@code output().flush()} first sends them.
   */
  @Override
  public void close() {
    close.run();
  }
}
