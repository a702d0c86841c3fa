package io.devstreams.hub.api.console;

import io.devstreams.hub.console.LiveSink;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A live feed's sink as server-sent events: each update is one event named {@code name} with JSON
 * data; the feed's end is an {@value #ENDED} event with the reason as its data. A send that does
 * not complete within {@value #SEND_SECONDS} s closes the stream (the browser reconnects).
 *
 * @param <T> the update the feed produces
 * @param <J> its JSON form
 */
final class SseLiveSink<T, J> implements LiveSink<T> {

  /** The name of the event that ends a feed. */
  static final String ENDED = "ended";

  private static final long SEND_SECONDS = 5;
  private static final System.Logger LOG = System.getLogger(SseLiveSink.class.getName());

  private final SseEventSink sink;
  private final Sse sse;
  private final String name;
  private final Class<J> type;
  private final Function<T, J> toJson;

  SseLiveSink(SseEventSink sink, Sse sse, String name, Class<J> type, Function<T, J> toJson) {
    this.sink = sink;
    this.sse = sse;
    this.name = name;
    this.type = type;
    this.toJson = toJson;
  }

  @Override
  public boolean send(T update) {
    if (sink.isClosed()) {
      return false;
    }
    return await(
        sink.send(
            sse.newEventBuilder()
                .name(name)
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(type, toJson.apply(update))
                .build()));
  }

  @Override
  public void end(String reason) {
    if (!sink.isClosed()) {
      await(sink.send(sse.newEventBuilder().name(ENDED).data(String.class, reason).build()));
      sink.close();
    }
  }

  private boolean await(java.util.concurrent.CompletionStage<?> sent) {
    try {
      sent.toCompletableFuture().get(SEND_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(Level.DEBUG, "console live feed closed: the browser did not take an update", e);
      sink.close();
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sink.close();
      return false;
    }
  }
}
