package io.devstreams.protocol.mux;

import io.devstreams.protocol.JsonMembers;
import java.util.Map;

/**
 * An {@code ACCEPT}: the stream is open.
 *
 * @param window the stream window the accepting side grants
 * @param streamId the hub's id of the stream, sent to services only (null otherwise)
 */
public record Acceptance(long window, String streamId) {

  /** Checks the window. */
  public Acceptance {
    OpenRequest.checkWindow(window);
  }

  /** Returns the payload of the {@code ACCEPT} frame. */
  public byte[] toJson() {
    Map<String, Object> m = JsonMembers.builder();
    m.put("window", window);
    if (streamId != null) {
      m.put("streamId", streamId);
    }
    return JsonMembers.write(m);
  }

  /**
   * Reads an {@code ACCEPT} payload.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Acceptance parse(byte[] src, int at, int length) {
    JsonMembers m = JsonMembers.parse("ACCEPT payload", src, at, length);
    return new Acceptance(
        m.integer("window", 1, MuxFrames.MAX_WINDOW, -1), m.optionalString("streamId"));
  }
}
