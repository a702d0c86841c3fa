package io.devstreams.hub.it;

import io.devstreams.hub.control.ControlChannel;
import io.devstreams.hub.streams.StreamTicket;
import io.devstreams.protocol.ControlMessages;
import io.devstreams.protocol.StreamRequest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A device's control channel without a socket: records what the hub sends and whether it closed.
 */
final class RecordingControlChannel implements ControlChannel {

  private final String deviceId;
  private final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
  private volatile Integer closeCode;

  RecordingControlChannel(String deviceId) {
    this.deviceId = deviceId;
  }

  @Override
  public String deviceId() {
    return deviceId;
  }

  @Override
  public void requestStream(StreamRequest request, StreamTicket ticket) {
    sent.add(ControlMessages.encode(request));
  }

  @Override
  public void ping() {}

  @Override
  public void close(int code, String reason) {
    closeCode = code;
  }

  /** The next message the hub sent, waiting up to five seconds; fails if none came. */
  String nextSent() throws InterruptedException {
    String json = sent.poll(5, TimeUnit.SECONDS);
    if (json == null) {
      throw new AssertionError("the hub sent device " + deviceId + " nothing within 5 s");
    }
    return json;
  }

  /** The close code the hub closed this channel with, or null if it did not close it. */
  Integer closeCode() {
    return closeCode;
  }
}
