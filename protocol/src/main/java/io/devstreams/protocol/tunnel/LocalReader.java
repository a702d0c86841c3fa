package io.devstreams.protocol.tunnel;

import io.devstreams.protocol.ControlMessages;
import io.devstreams.protocol.Fin;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The local-to-stream direction of a {@link StreamChannel}, on its own thread: reads up to 64 KiB,
 * sends it as one binary frame and waits for that send to complete before reading again (so a slow
 * hub holds back the local writer), and sends {@code fin} after the last byte.
 */
final class LocalReader implements Runnable {

  private static final String FIN = ControlMessages.encode(new Fin());

  private final StreamChannel channel;
  private final LocalEnd local;
  private final WebSocket webSocket;

  LocalReader(StreamChannel channel, LocalEnd local, WebSocket webSocket) {
    this.channel = channel;
    this.local = local;
    this.webSocket = webSocket;
  }

  @Override
  public void run() {
    byte[] buffer = new byte[StreamChannel.MAX_FRAME_BYTES];
    while (true) {
      int n;
      try {
        n = local.read(buffer);
      } catch (IOException e) {
        channel.localFailed(e);
        return;
      }
      try {
        channel.sending();
        if (n < 0) {
          await(webSocket.sendText(FIN, true));
          channel.sent(0);
          channel.finSent();
          return;
        }
        await(webSocket.sendBinary(ByteBuffer.wrap(buffer, 0, n), true));
        channel.sent(n);
      } catch (IOException e) {
        channel.sendFailed(e);
        return;
      }
    }
  }

  private static void await(CompletableFuture<?> send) throws IOException {
    try {
      send.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sending");
    }
  }
}
