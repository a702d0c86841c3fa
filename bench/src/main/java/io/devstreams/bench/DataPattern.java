package io.devstreams.bench;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * The bytes a bulk transfer carries: a random block of a prime length repeated, so that frame and
 * buffer boundaries never line up with the period and a lost, repeated or reordered frame changes
 * the CRC32C. Slices come from one direct buffer that holds the block twice, so sending costs no
 * copy on the Java side.
 */
final class DataPattern {

  /** The period of the pattern, a prime a little under 1 MiB. */
  static final int PERIOD = 1_048_573;

  /** The seed every target and client agrees on. */
  static final long SEED = 0x5eed_d35a_7a3aL;

  private static final DataPattern SHARED = new DataPattern(SEED);

  private final ByteBuffer doubled;

  DataPattern(long seed) {
    byte[] block = new byte[PERIOD];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < PERIOD; i++) {
      block[i] = (byte) random.nextInt(256);
    }
    doubled = ByteBuffer.allocateDirect(2 * PERIOD);
    doubled.put(block).put(block).flip();
  }

  /** Returns the pattern with the agreed seed. */
  static DataPattern shared() {
    return SHARED;
  }

  /** Returns the {@code length} bytes at stream offset {@code offset}; {@code length <= PERIOD}. */
  ByteBuffer slice(long offset, int length) {
    if (length < 0 || length > PERIOD) {
      throw new IllegalArgumentException("slice of " + length + " bytes");
    }
    int start = (int) (offset % PERIOD);
    ByteBuffer slice = doubled.duplicate();
    slice.limit(start + length).position(start);
    return slice;
  }

  /** Returns the CRC32C of the first {@code length} bytes of the stream. */
  int crc(long length) {
    CRC32C crc = new CRC32C();
    for (long offset = 0; offset < length; ) {
      int n = (int) Math.min(PERIOD, length - offset);
      crc.update(slice(offset, n));
      offset += n;
    }
    return (int) crc.getValue();
  }
}
