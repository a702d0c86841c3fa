package io.devstreams.protocol.mux;

import io.devstreams.protocol.JsonMembers;
import java.util.Map;

/**
 * A {@code REFUSE}: the stream was not opened, with the error code the REST API would have given
 * (docs/protocol.md, section 2) and why.
 *
 * @param errorCode Azure-style code, such as 404103 (device not online)
 * @param message one line for the user
 * @param retryAfterSeconds when to try again (429001), or 0
 */
public record Refusal(int errorCode, String message, long retryAfterSeconds) {

  /** Checks the members. */
  public Refusal {
    if (errorCode < 100000 || errorCode > 599999) {
      throw new IllegalArgumentException("REFUSE error code out of range: " + errorCode);
    }
    message = message == null ? "" : message;
    if (retryAfterSeconds < 0) {
      throw new IllegalArgumentException("REFUSE retry-after is negative");
    }
  }

  /** Returns the payload of the {@code REFUSE} frame. */
  public byte[] toJson() {
    Map<String, Object> m = JsonMembers.builder();
    m.put("errorCode", (long) errorCode);
    m.put("message", message);
    if (retryAfterSeconds > 0) {
      m.put("retryAfterSeconds", retryAfterSeconds);
    }
    return JsonMembers.write(m);
  }

  /**
   * Reads a {@code REFUSE} payload.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Refusal parse(byte[] src, int at, int length) {
    JsonMembers m = JsonMembers.parse("REFUSE payload", src, at, length);
    return new Refusal(
        (int) m.integer("errorCode", 100000, 599999, -1),
        m.optionalString("message"),
        m.integer("retryAfterSeconds", 0, Integer.MAX_VALUE, 0));
  }
}
