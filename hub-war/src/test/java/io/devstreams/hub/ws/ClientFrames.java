package io.devstreams.hub.ws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** The client's side of the codec, for tests: masked frames out, unmasked frames in. */
public final class ClientFrames {

  /** A frame as a client sees it. */
  public record Frame(boolean fin, int opcode, byte[] payload) {

    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    public int closeCode() {
      return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }

    public String closeReason() {
      return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Frame f
          && f.fin == fin
          && f.opcode == opcode
          && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(payload) * 31 + opcode;
    }

    @Override
    public String toString() {
      return "Frame[fin=" + fin + ", opcode=" + opcode + ", length=" + payload.length + "]";
    }
  }

  private static final Random MASKS = new Random(7);

  private ClientFrames() {}

  public static byte[] binary(byte[] payload) {
    return masked(true, Opcodes.BINARY, payload);
  }

  public static byte[] text(String payload) {
    return masked(true, Opcodes.TEXT, payload.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] ping(String payload) {
    return masked(true, Opcodes.PING, payload.getBytes(StandardCharsets.UTF_8));
  }

  public static byte[] close(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[2 + text.length];
    payload[0] = (byte) (code >>> 8);
    payload[1] = (byte) code;
    System.arraycopy(text, 0, payload, 2, text.length);
    return masked(true, Opcodes.CLOSE, payload);
  }

  /** A masked frame with a random key. */
  public static byte[] masked(boolean fin, int opcode, byte[] payload) {
    return frame(fin, 0, opcode, MASKS.nextInt(), true, payload);
  }

  /** Any frame, valid or not, with the shortest length encoding. */
  public static byte[] frame(
      boolean fin, int rsv, int opcode, int mask, boolean masked, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
    int maskBit = masked ? 0x80 : 0;
    long length = payload.length;
    if (length < 126) {
      out.write(maskBit | (int) length);
    } else if (length <= 0xFFFF) {
      out.write(maskBit | 126);
      out.write((int) (length >>> 8));
      out.write((int) length);
    } else {
      out.write(maskBit | 127);
      for (int i = 7; i >= 0; i--) {
        out.write((int) (length >>> (8 * i)));
      }
    }
    byte[] key = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
    if (masked) {
      out.write(key, 0, 4);
    }
    for (int i = 0; i < payload.length; i++) {
      out.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
    }
    return out.toByteArray();
  }

  /** Parses unmasked server frames; fails on a masked one or a cut one. */
  public static List<Frame> parse(byte[] bytes) {
    return parse(bytes, true);
  }

  /** Counts the complete frames in bytes that may end inside one. */
  public static int countComplete(byte[] bytes) {
    return parse(bytes, false).size();
  }

  public static List<Frame> parse(byte[] bytes, boolean strict) {
    List<Frame> frames = new ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      if (!strict && !headerComplete(bytes, at)) {
        break;
      }
      boolean fin = (bytes[at] & 0x80) != 0;
      int opcode = bytes[at] & 0x0F;
      if ((bytes[at + 1] & 0x80) != 0) {
        throw new AssertionError("server frame is masked");
      }
      long length = bytes[at + 1] & 0x7F;
      at += 2;
      int extra = length == 126 ? 2 : length == 127 ? 8 : 0;
      if (extra > 0) {
        length = 0;
        for (int i = 0; i < extra; i++) {
          length = (length << 8) | (bytes[at++] & 0xFF);
        }
      }
      if (at + length > bytes.length) {
        if (!strict) {
          break;
        }
        throw new AssertionError("frame cut short at " + at);
      }
      frames.add(new Frame(fin, opcode, Arrays.copyOfRange(bytes, at, at + (int) length)));
      at += (int) length;
    }
    return frames;
  }

  private static boolean headerComplete(byte[] bytes, int at) {
    if (at + 2 > bytes.length) {
      return false;
    }
    int marker = bytes[at + 1] & 0x7F;
    int header = 2 + (marker == 126 ? 2 : marker == 127 ? 8 : 0);
    return at + header <= bytes.length;
  }

  /** Returns the payload of the data frames among {@code frames}, in order: the stream's bytes. */
  public static byte[] dataPayload(List<Frame> frames) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Frame frame : frames) {
      if (!Opcodes.isControl(frame.opcode())) {
        out.writeBytes(frame.payload());
      }
    }
    return out.toByteArray();
  }

  /** Returns the payload of the complete data frames in {@code wire}, which may end inside one. */
  public static byte[] dataPayload(byte[] wire) {
    return dataPayload(parse(wire, false));
  }

  /** Returns the parts one after another. */
  public static byte[] concat(byte[]... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part, 0, part.length);
    }
    return out.toByteArray();
  }
}
