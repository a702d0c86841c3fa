package io.devstreams.hub.streams;

/** The two ends of a stream; every token and every connection belongs to exactly one. */
public enum Side {
  /** The device's end, opened by the device agent after it accepted the stream request. */
  DEVICE,
  /** The service's end, opened by the caller of stream initiation. */
  SERVICE;

  /** Returns the other side. */
  public Side other() {
    return this == DEVICE ? SERVICE : DEVICE;
  }

  /** Returns the side's name for messages, for example {@code "device"}. */
  public String label() {
    return this == DEVICE ? "device" : "service";
  }
}
