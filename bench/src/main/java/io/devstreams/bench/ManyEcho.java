package io.devstreams.bench;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * An echo target on one selector thread: writes back what it reads, and at the end of the input
 * shuts its output once everything was written back, then closes. A connection whose peer does not
 * take the echo as fast as it sends holds its unwritten bytes and is not read until they are gone.
 */
final class ManyEcho {

  /** What one connection still has to write back, and whether its input ended. */
  private static final class Pending {
    ByteBuffer unwritten;
    boolean inputEnded;
  }

  private final Selector selector;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);

  private ManyEcho(Selector selector) {
    this.selector = selector;
  }

  /** Serves {@code server} until it is closed. */
  static void serve(ServerSocketChannel server) {
    try (Selector selector = Selector.open()) {
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
      new ManyEcho(selector).loop(server);
    } catch (IOException e) {
      // the server closed
    }
  }

  private void loop(ServerSocketChannel server) throws IOException {
    while (server.isOpen()) {
      selector.select();
      for (SelectionKey key : selector.selectedKeys()) {
        if (!key.isValid()) {
          continue;
        }
        if (key.isAcceptable()) {
          accept(server);
          continue;
        }
        SocketChannel channel = (SocketChannel) key.channel();
        Pending pending = (Pending) key.attachment();
        try {
          if (key.isWritable()) {
            flush(key, channel, pending);
          } else if (key.isReadable()) {
            read(key, channel, pending);
          }
        } catch (IOException e) {
          key.cancel();
          channel.close();
        }
      }
      selector.selectedKeys().clear();
    }
  }

  private void accept(ServerSocketChannel server) throws IOException {
    SocketChannel channel;
    while ((channel = server.accept()) != null) {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.register(selector, SelectionKey.OP_READ, new Pending());
    }
  }

  private void read(SelectionKey key, SocketChannel channel, Pending pending) throws IOException {
    buffer.clear();
    int n = channel.read(buffer);
    if (n < 0) {
      pending.inputEnded = true;
      end(key, channel);
      return;
    }
    buffer.flip();
    channel.write(buffer);
    if (buffer.hasRemaining()) {
      pending.unwritten = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
      key.interestOps(SelectionKey.OP_WRITE);
    }
  }

  private void flush(SelectionKey key, SocketChannel channel, Pending pending) throws IOException {
    channel.write(pending.unwritten);
    if (pending.unwritten.hasRemaining()) {
      return;
    }
    pending.unwritten = null;
    if (pending.inputEnded) {
      end(key, channel);
    } else {
      key.interestOps(SelectionKey.OP_READ);
    }
  }

  private static void end(SelectionKey key, SocketChannel channel) throws IOException {
    key.cancel();
    channel.shutdownOutput();
    channel.close();
  }
}
