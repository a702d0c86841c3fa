package io.devstreams.hub.control.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameGuardTest {

  private final FrameGuard guard = new FrameGuard(65536);

  @Test
  void maskedFramesWithinTheLimitPassInAnyPieces() {
    byte[] wire =
        concat(
            frame(0x81, true, 5),
            frame(0x89, true, 0),
            frame(0x01, true, 300),
            frame(0x80, true, 65536),
            frame(0x88, true, 2));

    for (int at = 0; at < wire.length; at += 7) {
      assertThat(guard.check(wire, at, Math.min(7, wire.length - at))).isNull();
    }
  }

  @Test
  void unmaskedFrameFails() {
    byte[] wire = concat(frame(0x81, true, 3), frame(0x81, false, 3));

    assertThat(guard.check(wire, 0, wire.length))
        .isEqualTo(new FrameGuard.Violation(1002, "unmasked client frame"));
  }

  @Test
  void payloadBytesThatLookLikeAnUnmaskedHeaderAreSkipped() {
    byte[] wire = frame(0x82, true, 4);
    wire[wire.length - 4] = (byte) 0x81;
    wire[wire.length - 3] = 0x01;

    assertThat(guard.check(wire, 0, wire.length)).isNull();
  }

  @Test
  void lengthOfTwoToTheSixtyThreeMinusOneFailsAtTheHeader() {
    byte[] header = {(byte) 0x82, (byte) 0xFF, 0x7F, -1, -1, -1, -1, -1, -1, -1, 1, 2, 3, 4};

    assertThat(guard.check(header, 0, header.length))
        .isEqualTo(
            new FrameGuard.Violation(
                1009, "frame of 9223372036854775807 bytes; at most 65536 allowed"));
  }

  @Test
  void lengthWithTheTopBitSetFails() {
    byte[] header = {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};

    assertThat(guard.check(header, 0, header.length))
        .isEqualTo(
            new FrameGuard.Violation(
                1002, "64-bit payload length with the most significant bit set"));
  }

  @Test
  void frameOneByteOverTheLimitFailsBeforeItsPayload() {
    byte[] wire = frame(0x81, true, 65537);

    assertThat(guard.check(wire, 0, 14).reason()).contains("65537 bytes");
  }

  @Test
  void aCloseFrameIsReceivedOnceItsLastByteHasPassed() {
    byte[] wire = concat(frame(0x81, true, 5), frame(0x88, true, 2));

    assertThat(guard.check(wire, 0, wire.length - 1)).isNull();
    assertThat(guard.closeReceived()).isFalse();
    assertThat(guard.check(wire, wire.length - 1, 1)).isNull();
    assertThat(guard.closeReceived()).isTrue();
  }

  @Test
  void anEmptyCloseFrameIsReceivedWithItsHeader() {
    byte[] wire = frame(0x88, true, 0);

    assertThat(guard.check(wire, 0, wire.length)).isNull();

    assertThat(guard.closeReceived()).isTrue();
  }

  @Test
  void otherFramesAndCloseCodesInsidePayloadsAreNoClose() {
    byte[] wire = concat(frame(0x89, true, 0), frame(0x82, true, 4), frame(0x8A, true, 3));
    wire[wire.length - 4 - 3 - 4 - 2] = (byte) 0x88; // a payload byte that looks like a close

    assertThat(guard.check(wire, 0, wire.length)).isNull();

    assertThat(guard.closeReceived()).isFalse();
  }

  @Test
  void aViolationIsSticky() {
    byte[] bad = frame(0x81, false, 1);
    byte[] good = frame(0x81, true, 1);

    assertThat(guard.check(bad, 0, bad.length)).isNotNull();
    assertThat(guard.check(good, 0, good.length).reason()).isEqualTo("unmasked client frame");
  }

  /** A frame header (first byte as given) with a masking key when masked, and a zero payload. */
  private static byte[] frame(int first, boolean masked, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(first);
    int mask = masked ? 0x80 : 0;
    if (length < 126) {
      out.write(mask | length);
    } else if (length <= 0xFFFF) {
      out.write(mask | 126);
      out.write(length >>> 8);
      out.write(length);
    } else {
      out.write(mask | 127);
      for (int i = 7; i >= 0; i--) {
        out.write((int) ((long) length >>> (8 * i)));
      }
    }
    if (masked) {
      out.writeBytes(new byte[] {9, 8, 7, 6});
    }
    out.writeBytes(new byte[length]);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Arrays.stream(parts).forEach(out::writeBytes);
    return out.toByteArray();
  }
}
