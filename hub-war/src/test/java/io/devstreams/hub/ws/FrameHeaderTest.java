package io.devstreams.hub.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameHeaderTest {

  @Test
  void payloadUpTo125UsesTheSevenBitLength() {
    byte[] header = new byte[10];

    assertThat(FrameHeader.encode(header, 0, true, Opcodes.BINARY, 125)).isEqualTo(2);
    assertThat(header[0] & 0xFF).isEqualTo(0x82);
    assertThat(header[1]).isEqualTo((byte) 125);
  }

  @Test
  void payloadFrom126To65535UsesTheSixteenBitLength() {
    byte[] header = new byte[10];

    assertThat(FrameHeader.encode(header, 0, false, Opcodes.TEXT, 126)).isEqualTo(4);
    assertThat(header[0] & 0xFF).isEqualTo(0x01);
    assertThat(header[1]).isEqualTo((byte) 126);
    assertThat(FrameHeader.encode(header, 0, true, Opcodes.BINARY, 65535)).isEqualTo(4);
    assertThat(header[2] & 0xFF).isEqualTo(0xFF);
    assertThat(header[3] & 0xFF).isEqualTo(0xFF);
  }

  @Test
  void payloadOf65536UsesTheSixtyFourBitLength() throws FrameException {
    byte[] header = new byte[10];

    assertThat(FrameHeader.encode(header, 0, true, Opcodes.BINARY, 65536)).isEqualTo(10);
    assertThat(header[1]).isEqualTo((byte) 127);
    assertThat(FrameHeader.parse(header, 0).payloadLength()).isEqualTo(65536);
  }

  @Test
  void parsedHeaderCarriesFinRsvOpcodeMaskAndLength() throws FrameException {
    byte[] frame = ClientFrames.frame(false, 5, Opcodes.TEXT, 0x01020304, true, new byte[300]);

    FrameHeader header = FrameHeader.parse(frame, 0);

    assertThat(header).isEqualTo(new FrameHeader(false, 5, Opcodes.TEXT, true, 0x01020304, 300, 8));
    assertThat(FrameHeader.lengthOf(frame[0], frame[1])).isEqualTo(8);
  }

  @Test
  void lengthOfCountsExtendedLengthAndMask() {
    assertThat(FrameHeader.lengthOf((byte) 0x82, (byte) 0x05)).isEqualTo(2);
    assertThat(FrameHeader.lengthOf((byte) 0x82, (byte) 0x85)).isEqualTo(6);
    assertThat(FrameHeader.lengthOf((byte) 0x82, (byte) 0xFE)).isEqualTo(8);
    assertThat(FrameHeader.lengthOf((byte) 0x82, (byte) 0xFF)).isEqualTo(14);
  }

  @Test
  void sixtyFourBitLengthWithTheTopBitSetIsAProtocolError() {
    byte[] header = {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4};

    assertThatThrownBy(() -> FrameHeader.parse(header, 0))
        .isInstanceOf(FrameException.class)
        .extracting(e -> ((FrameException) e).closeCode())
        .isEqualTo(1002);
  }
}
