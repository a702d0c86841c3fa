package io.devstreams.hub.console;

/**
 * Where a live feed's updates go: in the hub, a browser's server-sent-event stream.
 *
 * @param <T> what one update carries
 */
public interface LiveSink<T> {

  /**
   * Sends one update; returns false once the browser has gone (the feed is then dropped). Called
   * from one thread at a time per sink.
   */
  boolean send(T update);

  /** Sends a last event saying why the feed ends (the session ended), and closes it. */
  void end(String reason);
}
