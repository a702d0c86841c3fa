package io.devstreams.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.zip.CRC32C;

/**
 * Bulk transfers, timed from before the TCP connect to the last byte verified: an upload to the
 * {@code sink} (its answer of count and CRC32C ends the clock) and a download from the {@code
 * source} (the last expected byte ends it).
 */
final class Bulk {

  /** The outcome of one transfer. */
  record Transfer(long bytes, long nanos, String problem) {
    boolean verified() {
      return problem == null;
    }

    double megabytesPerSecond() {
      return bytes / (nanos / 1e9) / 1e6;
    }
  }

  private Bulk() {}

  /** Sends {@code length} bytes of the pattern to a sink and checks its count and CRC32C. */
  static Transfer upload(InetSocketAddress sink, long length, int expectedCrc, long timeoutSeconds)
      throws IOException {
    DataPattern pattern = DataPattern.shared();
    long start = System.nanoTime();
    try (SocketChannel channel = SocketChannel.open();
        Watchdog watchdog = Watchdog.arm(channel, timeoutSeconds)) {
      channel.connect(sink);
      for (long offset = 0; offset < length; ) {
        int n = (int) Math.min(Servers.CHUNK, length - offset);
        ByteBuffer slice = pattern.slice(offset, n);
        while (slice.hasRemaining()) {
          channel.write(slice);
        }
        offset += n;
      }
      channel.shutdownOutput();
      ByteBuffer answer = ByteBuffer.allocate(12);
      while (answer.hasRemaining() && channel.read(answer) >= 0) {
        // reading the sink's answer
      }
      long nanos = System.nanoTime() - start;
      if (answer.hasRemaining()) {
        return new Transfer(
            length, nanos, watchdog.fired() ? "timed out" : "the sink did not answer");
      }
      answer.flip();
      long count = answer.getLong();
      int crc = answer.getInt();
      String problem =
          count != length
              ? "the sink counted " + count + " bytes of " + length
              : crc != expectedCrc ? "CRC32C mismatch: the data arrived changed" : null;
      return new Transfer(length, nanos, problem);
    }
  }

  /** Asks a source for {@code length} bytes and checks their count and CRC32C. */
  static Transfer download(
      InetSocketAddress source, long length, int expectedCrc, long timeoutSeconds)
      throws IOException {
    long start = System.nanoTime();
    try (SocketChannel channel = SocketChannel.open();
        Watchdog watchdog = Watchdog.arm(channel, timeoutSeconds)) {
      channel.connect(source);
      ByteBuffer header = ByteBuffer.allocate(8).putLong(length).flip();
      while (header.hasRemaining()) {
        channel.write(header);
      }
      ByteBuffer buffer = ByteBuffer.allocateDirect(Servers.CHUNK);
      CRC32C crc = new CRC32C();
      long count = 0;
      while (count < length) {
        buffer.clear();
        if (length - count < buffer.capacity()) {
          buffer.limit((int) (length - count));
        }
        int n = channel.read(buffer);
        if (n < 0) {
          break;
        }
        buffer.flip();
        crc.update(buffer);
        count += n;
      }
      long nanos = System.nanoTime() - start;
      String problem =
          count != length
              ? (watchdog.fired() ? "timed out after " : "the stream ended after ")
                  + count
                  + " bytes of "
                  + length
              : (int) crc.getValue() != expectedCrc
                  ? "CRC32C mismatch: the data arrived changed"
                  : null;
      return new Transfer(length, nanos, problem);
    }
  }
}
