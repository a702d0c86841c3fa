package io.devstreams.protocol.mux;

/** The frame types of protocol v2, with the one-byte codes they carry on the wire. */
public final class FrameType {

  /** Stream bytes, 1 to 65,536 of them. */
  public static final int DATA = 0;

  /** Asks for a new stream; the payload is a JSON object. */
  public static final int OPEN = 1;

  /** The stream is open; the payload is a JSON object with the window the sender grants. */
  public static final int ACCEPT = 2;

  /** The stream was not opened; the payload is a JSON object with the error code and why. */
  public static final int REFUSE = 3;

  /** Grants more bytes on a stream (or, on stream 0, on the connection): a uint32 increment. */
  public static final int WINDOW = 4;

  /** The sender sends no more data on this stream. */
  public static final int FIN = 5;

  /** Ends the stream both ways at once: a uint16 close code and a UTF-8 reason. */
  public static final int CLOSE = 6;

  private FrameType() {}

  /** Returns whether {@code type} is one of the types above. */
  public static boolean isDefined(int type) {
    return type >= DATA && type <= CLOSE;
  }

  /** Returns the type's name as the protocol spec writes it, or {@code type N} for another. */
  public static String name(int type) {
    return switch (type) {
      case DATA -> "DATA";
      case OPEN -> "OPEN";
      case ACCEPT -> "ACCEPT";
      case REFUSE -> "REFUSE";
      case WINDOW -> "WINDOW";
      case FIN -> "FIN";
      case CLOSE -> "CLOSE";
      default -> "type " + type;
    };
  }
}
