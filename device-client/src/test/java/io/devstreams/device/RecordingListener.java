package io.devstreams.device;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records a {@link DeviceClient}'s state changes on a queue, as lines, for tests to poll. */
final class RecordingListener implements ConnectionListener {

  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
  private volatile Duration lastRetryIn;

  @Override
  public void connected() {
    events.add("connected");
  }

  @Override
  public void disconnected(String reason, Duration retryIn) {
    lastRetryIn = retryIn;
    events.add("disconnected: " + reason);
  }

  /** Returns the reconnect delay of the latest disconnection. */
  Duration lastRetryIn() {
    return lastRetryIn;
  }

  @Override
  public void stopped(StopReason reason) {
    events.add("stopped: " + reason);
  }

  /** Returns the next event, failing after 10 s without one. */
  String next() throws InterruptedException {
    String event = events.poll(10, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no connection event within 10 s");
    }
    return event;
  }

  /** Returns the events not taken yet. */
  String remaining() {
    return String.join("\n", events);
  }
}
