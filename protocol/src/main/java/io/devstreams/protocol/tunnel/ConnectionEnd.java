package io.devstreams.protocol.tunnel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * The {@link LocalEnd} of a {@link StreamConnection}, so that the channel's own {@link LocalReader}
 * and {@link LocalWriter} threads pump it: what they read is what the application wrote to {@link
 * #output()}, and what they write is what the application reads from {@link #input()}. No pipe sits
 * in between; each side is a hand-off of one buffer.
 */
final class ConnectionEnd implements LocalEnd {

  private final StreamInput input;
  private final StreamOutput output;
  private final Supplier<StreamResult> ending;

  /** Creates the end of one stream; {@code ending} says how the stream ended when it closes. */
  ConnectionEnd(String streamId, Supplier<StreamResult> ending) {
    this.input = new StreamInput(streamId);
    this.output = new StreamOutput(streamId);
    this.ending = ending;
  }

  /** Returns the failure that the input and output throw once the stream ended abnormally. */
  static IOException ended(String streamId, StreamResult result) {
    return new IOException("stream " + streamId + ": " + result.describe(), result.error());
  }

  StreamInput input() {
    return input;
  }

  StreamOutput output() {
    return output;
  }

  @Override
  public int read(byte[] buffer) throws IOException {
    return output.take(buffer);
  }

  @Override
  public void write(ByteBuffer data) throws IOException {
    input.deliver(data);
  }

  @Override
  public void shutdownOutput() {
    input.fin();
  }

  @Override
  public void close() {
    StreamResult result = ending.get();
    input.end(result);
    output.end(result);
  }
}
