package io.devstreams.protocol.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MaskingTest {

  private final Random random = new Random(42);

  @Test
  void maskMatchesByteAtATimeReferenceForEveryLengthAndOffset() {
    for (int length = 0; length < 40; length++) {
      for (int offset = 0; offset < 4; offset++) {
        byte[] src = bytes(length);
        int mask = random.nextInt();
        byte[] dst = new byte[length];

        int next = Masking.mask(src, 0, dst, 0, length, mask, offset);

        assertThat(dst).isEqualTo(reference(src, mask, offset));
        assertThat(next).isEqualTo((offset + length) % 4);
      }
    }
  }

  @Test
  void maskingAPayloadSplitAcrossReadsCarriesTheMaskOffset() {
    byte[] payload = bytes(100_003);
    int mask = random.nextInt();
    byte[] whole = reference(payload, mask, 0);
    byte[] pieces = new byte[payload.length];
    int offset = 0;
    for (int at = 0; at < payload.length; ) {
      int n = Math.min(1 + random.nextInt(777), payload.length - at);
      offset = Masking.mask(payload, at, pieces, at, n, mask, offset);
      at += n;
    }

    assertThat(pieces).isEqualTo(whole);
  }

  @Test
  void maskWorksInPlace() {
    byte[] payload = bytes(1000);
    int mask = random.nextInt();
    byte[] expected = reference(payload, mask, 0);

    Masking.mask(payload, 0, payload, 0, payload.length, mask, 0);

    assertThat(payload).isEqualTo(expected);
  }

  @Test
  void maskRespectsSourceAndTargetPositions() {
    byte[] src = bytes(64);
    byte[] dst = new byte[80];
    int mask = random.nextInt();

    Masking.mask(src, 5, dst, 11, 50, mask, 2);

    byte[] slice = new byte[50];
    System.arraycopy(src, 5, slice, 0, 50);
    byte[] expected = reference(slice, mask, 2);
    for (int i = 0; i < 50; i++) {
      assertThat(dst[11 + i]).isEqualTo(expected[i]);
    }
    assertThat(dst[10]).isZero();
    assertThat(dst[61]).isZero();
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** RFC 6455 section 5.3, literally: octet i XOR mask octet ((offset + i) mod 4). */
  private static byte[] reference(byte[] src, int mask, int offset) {
    byte[] key = {(byte) (mask >>> 24), (byte) (mask >>> 16), (byte) (mask >>> 8), (byte) mask};
    byte[] out = new byte[src.length];
    for (int i = 0; i < src.length; i++) {
      out[i] = (byte) (src[i] ^ key[(offset + i) % 4]);
    }
    return out;
  }
}
