package io.devstreams.protocol.mux;

/**
 * How a stream ended: a close code (docs/protocol.md, section 5's table) and a reason for people.
 *
 * @param code 1000 to 4999
 * @param reason never null, possibly empty
 */
public record StreamClose(int code, String reason) {

  /** Checks the code and replaces a null reason with an empty one. */
  public StreamClose {
    if (code < 1000 || code > 4999) {
      throw new IllegalArgumentException("close code out of range: " + code);
    }
    reason = reason == null ? "" : reason;
  }
}
