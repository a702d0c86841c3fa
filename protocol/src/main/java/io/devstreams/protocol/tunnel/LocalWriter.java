package io.devstreams.protocol.tunnel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The stream-to-local direction of a {@link StreamChannel}, on its own thread so that a slow local
 * reader never blocks the HttpClient's callback threads: it writes each received part, then asks
 * the WebSocket for the next message, so a slow local reader holds back the remote sender.
 *
 * <p>The channel requests one message at a time, so the queue holds at most one part or {@code fin}
 * (plus the stop signal).
 */
final class LocalWriter implements Runnable {

  private static final Object FIN = new Object();
  private static final Object STOP = new Object();

  private final StreamChannel channel;
  private final LocalEnd local;
  private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private boolean outputShut;

  LocalWriter(StreamChannel channel, LocalEnd local) {
    this.channel = channel;
    this.local = local;
  }

  /**
   * Queues a received part; the returned future completes once {@code data} has been written (or
   * given up), which is when the WebSocket may reuse it.
   */
  CompletableFuture<Void> write(ByteBuffer data) {
    Chunk chunk = new Chunk(data, new CompletableFuture<>());
    queue.add(chunk);
    return chunk.done;
  }

  /** Queues a received {@code fin}: shut down local output after everything before it. */
  void fin() {
    queue.add(FIN);
  }

  /** Ends the thread after the current item. */
  void stop() {
    queue.add(STOP);
  }

  @Override
  public void run() {
    try {
      while (true) {
        Object item = queue.take();
        if (item == STOP || !(item == FIN ? shutdown() : write0((Chunk) item))) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean write0(Chunk chunk) {
    if (outputShut) {
      chunk.done.complete(null);
      channel.protocolError("data after fin");
      return false;
    }
    int length = chunk.data.remaining();
    // Counted before the write: the local reader may see these bytes, and the stream may end,
    // before write() returns here.
    channel.countDelivered(length);
    try {
      local.write(chunk.data);
    } catch (IOException e) {
      channel.countDelivered(-length);
      chunk.done.complete(null);
      channel.localFailed(e);
      return false;
    }
    chunk.done.complete(null);
    channel.requestNext();
    return true;
  }

  private boolean shutdown() {
    if (!outputShut) {
      try {
        local.shutdownOutput();
      } catch (IOException e) {
        channel.localFailed(e);
        return false;
      }
      outputShut = true;
    }
    channel.finDelivered();
    return true;
  }

  private record Chunk(ByteBuffer data, CompletableFuture<Void> done) {}
}
