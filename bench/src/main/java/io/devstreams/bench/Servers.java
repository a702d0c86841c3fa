package io.devstreams.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The TCP targets behind every path measured ("the services on the device"), on loopback ports
 * chosen by the kernel, one thread per connection:
 *
 * <ul>
 *   <li>{@code sink}: reads to end of input, then answers its byte count (8 bytes) and the CRC32C
 *       of what it read (4 bytes) and closes.
 *   <li>{@code source}: reads a byte count (8 bytes), sends that many bytes of {@link DataPattern}
 *       and closes.
 *   <li>{@code echo}: writes back what it reads (TCP_NODELAY); at end of input shuts its output.
 *   <li>{@code many}: the same echo on one selector thread, for case 9's 10,000 streams (a thread
 *       each would take 10,000 of the machine's process ids, which the agent's streams need).
 * </ul>
 */
final class Servers {

  /** Bytes per read or write of the bulk targets. */
  static final int CHUNK = 256 * 1024;

  /** The line printed once all three listen. */
  static final String READY = "bench servers";

  private Servers() {}

  static void run(PrintStream out) throws IOException, InterruptedException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    ServerSocketChannel sink = ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0));
    ServerSocketChannel source =
        ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0), 512);
    ServerSocket echo = new ServerSocket(0, 1024, loopback);
    ServerSocketChannel many =
        ServerSocketChannel.open().bind(new InetSocketAddress(loopback, 0), 4096);
    daemon("many-echo", () -> ManyEcho.serve(many)).start();
    accept("sink", sink, Servers::sink);
    accept("source", source, Servers::source);
    Thread echoAcceptor =
        new Thread(
            () -> {
              while (true) {
                try {
                  Socket s = echo.accept();
                  daemon("echo-conn", () -> echo(s)).start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "echo-accept");
    echoAcceptor.start();
    out.println(
        READY
            + " sink="
            + port(sink)
            + " source="
            + port(source)
            + " echo="
            + echo.getLocalPort()
            + " many="
            + port(many));
    out.flush();
    echoAcceptor.join();
  }

  private static int port(ServerSocketChannel channel) throws IOException {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  private static void accept(
      String name, ServerSocketChannel server, Consumer<SocketChannel> handler) {
    daemon(
            name + "-accept",
            () -> {
              while (true) {
                try {
                  SocketChannel c = server.accept();
                  daemon(name + "-conn", () -> handler.accept(c)).start();
                } catch (IOException e) {
                  return;
                }
              }
            })
        .start();
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }

  private static void sink(SocketChannel channel) {
    try (channel) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
      CRC32C crc = new CRC32C();
      long count = 0;
      while (true) {
        buffer.clear();
        int n = channel.read(buffer);
        if (n < 0) {
          break;
        }
        buffer.flip();
        crc.update(buffer);
        count += n;
      }
      ByteBuffer answer = ByteBuffer.allocate(12).putLong(count).putInt((int) crc.getValue());
      answer.flip();
      while (answer.hasRemaining()) {
        channel.write(answer);
      }
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  private static void source(SocketChannel channel) {
    try (channel) {
      ByteBuffer header = ByteBuffer.allocate(8);
      while (header.hasRemaining()) {
        if (channel.read(header) < 0) {
          return;
        }
      }
      long length = header.flip().getLong();
      DataPattern pattern = DataPattern.shared();
      for (long offset = 0; offset < length; ) {
        int n = (int) Math.min(CHUNK, length - offset);
        ByteBuffer slice = pattern.slice(offset, n);
        while (slice.hasRemaining()) {
          channel.write(slice);
        }
        offset += n;
      }
      channel.shutdownOutput();
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void echo(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
      }
      socket.shutdownOutput();
    } catch (IOException e) {
      // the client went away
    }
  }
}
