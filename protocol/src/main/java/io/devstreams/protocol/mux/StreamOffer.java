package io.devstreams.protocol.mux;

import io.devstreams.protocol.JsonMembers;
import java.util.Map;

/**
 * The hub's {@code OPEN} to a device: a service asks for a stream to the device's service {@code
 * name}.
 *
 * @param name the service the device is asked for
 * @param streamId the hub's id of the stream (as in {@code GET /streams} and the history)
 * @param window the stream window the hub grants the device
 */
public record StreamOffer(String name, String streamId, long window) {

  /** Checks every member. */
  public StreamOffer {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("OPEN has no service name");
    }
    if (streamId == null || streamId.isEmpty()) {
      throw new IllegalArgumentException("OPEN has no stream id");
    }
    OpenRequest.checkWindow(window);
  }

  /** Returns the payload of the {@code OPEN} frame. */
  public byte[] toJson() {
    Map<String, Object> m = JsonMembers.builder();
    m.put("name", name);
    m.put("streamId", streamId);
    m.put("window", window);
    return JsonMembers.write(m);
  }

  /**
   * Reads an {@code OPEN} payload from the hub.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static StreamOffer parse(byte[] src, int at, int length) {
    JsonMembers m = JsonMembers.parse("OPEN payload", src, at, length);
    return new StreamOffer(
        m.string("name"),
        m.string("streamId"),
        m.integer("window", 1, MuxFrames.MAX_WINDOW, MuxFrames.MAX_WINDOW));
  }
}
