package io.devstreams.hub.streams.ws;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Closes upgraded stream connections on a thread of its own, never on the container thread that
 * decided to close. Closing a {@code WebConnection} from inside a read callback deadlocked Grizzly:
 * the callback holds the input's read-handler lock and the close wants the response's suspend lock,
 * while a connection closed by the client at that moment takes them the other way round (found by
 * WebSocketAbuseIT; every such deadlock kept two worker threads for good).
 */
@ApplicationScoped
public class ConnectionCloser implements Executor {
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "devstreams-stream-closer");
            t.setDaemon(true);
            return t;
          });

  @Override
  public void execute(Runnable close) {
    thread.execute(close);
  }

  @PreDestroy
  void stop() {
    thread.shutdown();
  }
}
