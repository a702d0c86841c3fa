package io.devstreams.hub.ws;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes upgraded connections on a thread of its own, never on the container thread that decided to
 * close. Closing a {@code WebConnection} from inside a read callback deadlocked Grizzly: the
 * callback holds the input's read-handler lock and the close wants the response's suspend lock,
 * while a connection closed by the client at that moment takes them the other way round (found by
 * WebSocketAbuseIT; every such deadlock kept two worker threads for good). It also closes, after a
 * delay, the control channels whose device never answered the hub's close frame.
 */
@ApplicationScoped
public class ConnectionCloser implements Executor {
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "devstreams-connection-closer");
            t.setDaemon(true);
            return t;
          });

  @Override
  public void execute(Runnable close) {
    thread.execute(close);
  }

  /** Runs {@code close} on the closer's thread once {@code delay} has passed; cancellable. */
  public Future<?> executeAfter(Duration delay, Runnable close) {
    return thread.schedule(close, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    thread.shutdown();
  }
}
