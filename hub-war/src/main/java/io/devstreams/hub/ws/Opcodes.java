package io.devstreams.hub.ws;

/** RFC 6455 opcodes (section 5.2) and the rules for telling them apart. */
public final class Opcodes {

  public static final int CONTINUATION = 0x0;
  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;
  public static final int PING = 0x9;
  public static final int PONG = 0xA;

  private Opcodes() {}

  /** Returns whether the opcode is a control frame's (close, ping, pong or a reserved one). */
  public static boolean isControl(int opcode) {
    return (opcode & 0x8) != 0;
  }

  /** Returns whether RFC 6455 defines the opcode; 0x3-0x7 and 0xB-0xF are reserved. */
  public static boolean isDefined(int opcode) {
    return opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
  }
}
