package io.devstreams.hub.ws;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Unmasks client payloads eight bytes at a time (RFC 6455, section 5.3).
 *
 * <p>Masking XORs payload byte {@code i} with mask byte {@code i % 4}; a payload arrives in reads
 * of any size, so the caller carries the mask offset from one call to the next. XORing a long with
 * the mask repeated twice does eight bytes per step: one byte at a time (as Tyrus does) cost the
 * hub most of its CPU in the measurements.
 */
public final class Masking {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private Masking() {}

  /**
   * XORs {@code length} bytes from {@code src} into {@code dst} (which may be the same range) with
   * the mask, starting at mask byte {@code maskOffset}, and returns the mask offset for the byte
   * after the last.
   */
  public static int unmask(
      byte[] src, int srcPos, byte[] dst, int dstPos, int length, int mask, int maskOffset) {
    int rotated = Integer.rotateLeft(mask, 8 * maskOffset);
    int inOrder = LITTLE_ENDIAN ? Integer.reverseBytes(rotated) : rotated;
    long wide = ((long) inOrder << 32) | (inOrder & 0xFFFF_FFFFL);
    int i = 0;
    for (int end = length - 7; i < end; i += 8) {
      LONGS.set(dst, dstPos + i, (long) LONGS.get(src, srcPos + i) ^ wide);
    }
    for (; i < length; i++) {
      dst[dstPos + i] = (byte) (src[srcPos + i] ^ (rotated >>> (24 - 8 * (i & 3))));
    }
    return (maskOffset + length) & 3;
  }
}
