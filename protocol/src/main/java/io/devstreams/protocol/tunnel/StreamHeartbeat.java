package io.devstreams.protocol.tunnel;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The client side of one stream's {@link Heartbeat}: remembers when the hub was last heard from
 * (any message, ping or pong), whether the channel is waiting for the hub (a message asked for) and
 * whether a send is pending, and checks twice per interval. Only time spent waiting for the hub
 * with no send pending counts as silence; a completed send counts as a sign of life, since a
 * stopped hub stops reading.
 */
final class StreamHeartbeat {

  private static final ByteBuffer NO_PAYLOAD = ByteBuffer.allocate(0);

  /** One timer thread for every stream of the process: a check is a few field reads. */
  private static final class Timer {
    static final ScheduledExecutorService INSTANCE =
        Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("devstreams-heartbeat"));
  }

  private final Heartbeat settings;
  private volatile long lifeAt = System.nanoTime();
  private volatile long waitingSince = -1;
  private volatile boolean sending;
  private volatile CompletableFuture<WebSocket> ping;
  private ScheduledFuture<?> task;

  StreamHeartbeat(Heartbeat settings) {
    this.settings = settings;
  }

  /** Starts checking {@code webSocket}; {@code silent} gets the quiet seconds when it gives up. */
  synchronized void start(WebSocket webSocket, LongConsumer silent) {
    long every = Math.max(1, settings.interval().toMillis() / 2);
    task =
        Timer.INSTANCE.scheduleAtFixedRate(
            () -> check(webSocket, silent), every, every, TimeUnit.MILLISECONDS);
  }

  synchronized void stop() {
    if (task != null) {
      task.cancel(false);
    }
  }

  /** Something arrived from the hub. */
  void heard() {
    lifeAt = System.nanoTime();
    waitingSince = -1;
  }

  /** The channel asked for the next message. */
  void waiting() {
    waitingSince = System.nanoTime();
  }

  void sendStarted() {
    sending = true;
  }

  void sendCompleted() {
    lifeAt = System.nanoTime();
    sending = false;
  }

  private void check(WebSocket webSocket, LongConsumer silent) {
    long since = waitingSince;
    if (since < 0 || sending) {
      return; // busy locally, or held back by the hub: neither is silence
    }
    long quiet = System.nanoTime() - Math.max(since, lifeAt);
    if (quiet >= settings.timeout().toNanos()) {
      stop();
      silent.accept(TimeUnit.NANOSECONDS.toSeconds(quiet));
    } else if (quiet >= settings.interval().toNanos() && (ping == null || ping.isDone())) {
      try {
        ping = webSocket.sendPing(NO_PAYLOAD.duplicate());
      } catch (IllegalStateException e) {
        // a ping is already on its way
      }
    }
  }
}
