package io.devstreams.protocol.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * RFC 6455 masking (section 5.3), eight bytes at a time: the 32-bit key repeated into a long and
 * XORed over the payload through a byte-array view, then byte by byte for the rest.
 */
final class Masking {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Masking() {}

  /**
   * Copies {@code length} bytes from {@code src} to {@code dst}, masked with {@code key} starting
   * at key byte {@code keyOffset} (0 to 3); returns the key offset after the last byte.
   */
  static int mask(
      byte[] src, int srcPos, byte[] dst, int dstPos, int length, int key, int keyOffset) {
    int rotated = Integer.rotateLeft(key, 8 * keyOffset);
    long wide = ((rotated & 0xFFFF_FFFFL) << 32) | (rotated & 0xFFFF_FFFFL);
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      long value = (long) LONGS.get(src, srcPos + i);
      LONGS.set(dst, dstPos + i, value ^ wide);
    }
    for (; i < length; i++) {
      int shift = 24 - 8 * (i & 3);
      dst[dstPos + i] = (byte) (src[srcPos + i] ^ (rotated >>> shift));
    }
    return (keyOffset + length) & 3;
  }
}
