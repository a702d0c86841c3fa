package io.devstreams.hub.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.ws.ClientFrames.Frame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.AbstractIntegerAssert;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

  private final FrameDecoder decoder = new FrameDecoder(65536);
  private final ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
  private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
  private final List<Frame> frames = new ArrayList<>();
  private int[] opening;
  private final List<Frame> controls = new ArrayList<>();
  private final Random random = new Random(3);

  @Test
  void maskedBinaryFrameComesOutUnmasked() throws FrameException {
    byte[] payload = bytes(1000);

    feed(ClientFrames.binary(payload), 4096, 4096);

    assertThat(forwardedFrames()).containsExactly(new Frame(true, Opcodes.BINARY, payload));
  }

  @Test
  void frameFedOneByteAtATimeComesOutWhole() throws FrameException {
    byte[] payload = bytes(300);

    feed(ClientFrames.binary(payload), 1, 4096);

    assertThat(forwardedFrames()).containsExactly(new Frame(true, Opcodes.BINARY, payload));
  }

  @Test
  void frameStartIsReportedBeforeThePayloadArrives() throws FrameException {
    byte[] frame = ClientFrames.binary(bytes(100));
    ByteBuffer out = ByteBuffer.allocate(200);

    FrameDecoder.Event event = decoder.decode(ByteBuffer.wrap(frame, 0, 6), out);

    assertThat(event).isEqualTo(FrameDecoder.Event.FRAME_START);
    assertThat(out.position()).isZero();
    assertThat(decoder.frameIsText()).isFalse();
    assertThat(decoder.frameEndsMessage()).isTrue();
    assertThat(decoder.atBoundary()).isFalse();
  }

  @Test
  void textMessagesAreForwardedButNotCountedAsData() throws FrameException {
    byte[] text = ClientFrames.text("{\"type\":\"fin\"}");
    byte[] binary = ClientFrames.binary(bytes(5));
    ByteBuffer out = ByteBuffer.allocate(200);

    decodeAll(ByteBuffer.wrap(text), out);
    decodeAll(ByteBuffer.wrap(binary), out);

    assertThat(out.position()).isEqualTo(14 + 5);
    assertThat(decoder.payloadForwarded()).isEqualTo(5);
  }

  @Test
  void payloadIsForwardedAsItArrives() throws FrameException {
    byte[] frame = ClientFrames.binary(bytes(100));
    ByteBuffer out = ByteBuffer.allocate(200);

    decodeAll(ByteBuffer.wrap(frame, 0, 16), out);

    assertThat(out.position()).isEqualTo(10);
    assertThat(decoder.payloadForwarded()).isEqualTo(10);
  }

  @Test
  void sixteenAndSixtyFourBitLengthsAreForwardedIntact() throws FrameException {
    byte[] a = bytes(126);
    byte[] b = bytes(65535);
    byte[] c = bytes(65536);

    feed(concat(ClientFrames.binary(a), ClientFrames.binary(b), ClientFrames.binary(c)), 999, 777);

    assertThat(forwardedFrames())
        .containsExactly(
            new Frame(true, Opcodes.BINARY, a),
            new Frame(true, Opcodes.BINARY, b),
            new Frame(true, Opcodes.BINARY, c));
  }

  @Test
  void fragmentsKeepTheirOpcodesAndFinBits() throws FrameException {
    feed(
        concat(
            ClientFrames.masked(false, Opcodes.TEXT, utf8("he")),
            ClientFrames.masked(false, Opcodes.CONTINUATION, utf8("ll")),
            ClientFrames.masked(true, Opcodes.CONTINUATION, utf8("o"))),
        5,
        64);

    assertThat(forwardedFrames())
        .containsExactly(
            new Frame(false, Opcodes.TEXT, utf8("he")),
            new Frame(false, Opcodes.CONTINUATION, utf8("ll")),
            new Frame(true, Opcodes.CONTINUATION, utf8("o")));
  }

  @Test
  void finTextFrameIsForwardedUntouched() throws FrameException {
    feed(ClientFrames.text("{\"type\":\"fin\"}"), 64, 64);

    assertThat(forwardedFrames())
        .containsExactly(new Frame(true, Opcodes.TEXT, utf8("{\"type\":\"fin\"}")));
  }

  @Test
  void emptyDataFrameIsForwarded() throws FrameException {
    feed(ClientFrames.binary(new byte[0]), 64, 64);

    assertThat(forwardedFrames()).containsExactly(new Frame(true, Opcodes.BINARY, new byte[0]));
  }

  @Test
  void controlFrameBetweenFragmentsIsReportedAndNotForwarded() throws FrameException {
    feed(
        concat(
            ClientFrames.masked(false, Opcodes.BINARY, utf8("a")),
            ClientFrames.ping("are you there"),
            ClientFrames.masked(true, Opcodes.CONTINUATION, utf8("b"))),
        3,
        64);

    assertThat(forwardedFrames())
        .containsExactly(
            new Frame(false, Opcodes.BINARY, utf8("a")),
            new Frame(true, Opcodes.CONTINUATION, utf8("b")));
    assertThat(controls).containsExactly(new Frame(true, Opcodes.PING, utf8("are you there")));
  }

  @Test
  void fullOutputAsksForSpaceAndResumesWhereItStopped() throws FrameException {
    byte[] payload = bytes(1000);

    feed(ClientFrames.binary(payload), 1000, 16);

    assertThat(forwardedFrames()).containsExactly(new Frame(true, Opcodes.BINARY, payload));
  }

  @Test
  void discardingDropsDataButStillReportsClose() throws FrameException {
    decoder.discardData();

    feed(concat(ClientFrames.binary(bytes(500)), ClientFrames.close(1000, "bye")), 100, 64);

    assertThat(forwarded.size()).isZero();
    assertThat(controls).hasSize(1);
    assertThat(controls.get(0).closeCode()).isEqualTo(1000);
  }

  @Test
  void atBoundaryIsTrueOnlyBetweenForwardedFrames() throws FrameException {
    byte[] frame = ClientFrames.binary(bytes(10));
    ByteBuffer out = ByteBuffer.allocate(64);
    assertThat(decoder.atBoundary()).isTrue();

    ByteBuffer first = ByteBuffer.wrap(frame, 0, 10);
    while (decoder.decode(first, out) != FrameDecoder.Event.NEED_INPUT) {
      assertThat(decoder.atBoundary()).isFalse();
    }
    assertThat(decoder.atBoundary()).isFalse();

    ByteBuffer rest = ByteBuffer.wrap(frame, 10, frame.length - 10);
    assertThat(decoder.decode(rest, out)).isEqualTo(FrameDecoder.Event.FRAME_END);
    assertThat(decoder.atBoundary()).isTrue();
  }

  @Test
  void unmaskedFrameIsAProtocolError() {
    byte[] frame = ClientFrames.frame(true, 0, Opcodes.BINARY, 0, false, bytes(5));

    assertCloseCode(frame).isEqualTo(1002);
  }

  @Test
  void reservedBitsAreAProtocolError() {
    for (int rsv = 1; rsv < 8; rsv++) {
      FrameDecoder fresh = new FrameDecoder(65536);
      byte[] frame = ClientFrames.frame(true, rsv, Opcodes.BINARY, 1, true, bytes(5));

      assertThatThrownBy(() -> fresh.decode(ByteBuffer.wrap(frame), ByteBuffer.allocate(64)))
          .extracting(e -> ((FrameException) e).closeCode())
          .isEqualTo(1002);
    }
  }

  @Test
  void reservedOpcodesAreAProtocolError() {
    for (int opcode : new int[] {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF}) {
      FrameDecoder fresh = new FrameDecoder(65536);
      byte[] frame = ClientFrames.masked(true, opcode, bytes(5));

      assertThatThrownBy(() -> fresh.decode(ByteBuffer.wrap(frame), ByteBuffer.allocate(64)))
          .hasMessageContaining("reserved opcode")
          .extracting(e -> ((FrameException) e).closeCode())
          .isEqualTo(1002);
    }
  }

  @Test
  void controlFrameLongerThan125BytesIsAProtocolError() {
    assertCloseCode(ClientFrames.masked(true, Opcodes.PING, bytes(126))).isEqualTo(1002);
  }

  @Test
  void fragmentedControlFrameIsAProtocolError() {
    assertCloseCode(ClientFrames.masked(false, Opcodes.PING, bytes(3))).isEqualTo(1002);
  }

  @Test
  void dataFrameOverSixtyFourKibIsTooBig() {
    assertCloseCode(ClientFrames.binary(bytes(65537))).isEqualTo(1009);
  }

  @Test
  void dataFrameOfExactlySixtyFourKibIsAccepted() throws FrameException {
    feed(ClientFrames.binary(bytes(65536)), 8192, 8192);

    assertThat(forwardedFrames()).hasSize(1);
  }

  @Test
  void fragmentedMessageOfExactlySixtyFourKibIsAccepted() throws FrameException {
    byte[] wire =
        concat(
            ClientFrames.masked(false, Opcodes.BINARY, bytes(32768)),
            ClientFrames.masked(false, Opcodes.CONTINUATION, bytes(32767)),
            ClientFrames.masked(true, Opcodes.CONTINUATION, bytes(1)),
            ClientFrames.binary(bytes(65536)));

    feed(wire, 8192, 8192);

    assertThat(forwardedFrames()).hasSize(4);
  }

  @Test
  void fragmentedMessageOverSixtyFourKibIsTooBig() {
    byte[] wire =
        concat(
            ClientFrames.masked(false, Opcodes.TEXT, bytes(65536)),
            ClientFrames.masked(false, Opcodes.CONTINUATION, bytes(0)),
            ClientFrames.masked(true, Opcodes.CONTINUATION, bytes(1)));

    assertCloseCode(wire).isEqualTo(1009);
  }

  @Test
  void messageThatNeverEndsIsTooBigOnceItsOneByteFragmentsPassTheLimit() {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    byte[] first = ClientFrames.masked(false, Opcodes.BINARY, bytes(1));
    wire.write(first, 0, first.length);
    for (int i = 0; i < 70_000; i++) {
      byte[] one = ClientFrames.masked(false, Opcodes.CONTINUATION, bytes(1));
      wire.write(one, 0, one.length);
    }
    byte[] all = wire.toByteArray();

    assertCloseCode(all).isEqualTo(1009);
    // Refused at the header of fragment 65,536 (the 65,537th payload byte): nothing after it.
    assertThat(forwarded.size()).isEqualTo(65_536);
  }

  @Test
  void continuationWithoutAMessageIsAProtocolError() {
    assertCloseCode(ClientFrames.masked(true, Opcodes.CONTINUATION, bytes(3))).isEqualTo(1002);
  }

  @Test
  void newMessageBeforeTheLastFragmentIsAProtocolError() {
    byte[] wire =
        concat(
            ClientFrames.masked(false, Opcodes.BINARY, bytes(3)),
            ClientFrames.masked(true, Opcodes.TEXT, utf8("x")));

    assertCloseCode(wire).isEqualTo(1002);
  }

  @Test
  void sixtyFourBitLengthWithTheTopBitSetIsAProtocolError() {
    byte[] header = {(byte) 0x82, (byte) 0xFF, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};

    assertCloseCode(header).isEqualTo(1002);
  }

  private void decodeAll(ByteBuffer in, ByteBuffer out) throws FrameException {
    while (decoder.decode(in, out) != FrameDecoder.Event.NEED_INPUT && in.hasRemaining()) {
      // FRAME_START and FRAME_END: go on with the rest of the input
    }
  }

  private AbstractIntegerAssert<?> assertCloseCode(byte[] wire) {
    try {
      feed(wire, wire.length, 70_000);
    } catch (FrameException e) {
      return assertThat(e.closeCode());
    }
    throw new AssertionError("no protocol error");
  }

  /**
   * Feeds the wire in chunks and puts the frames back together from what the decoder reports: each
   * {@code FRAME_START} opens a frame with the opcode and fin bit the decoder says it had, and the
   * payload written to the output until {@code FRAME_END} is its payload.
   */
  private void feed(byte[] wire, int chunk, int outCapacity) throws FrameException {
    ByteBuffer out = ByteBuffer.allocate(outCapacity);
    try {
      for (int at = 0; at < wire.length; at += chunk) {
        ByteBuffer in = ByteBuffer.wrap(wire, at, Math.min(chunk, wire.length - at)).slice();
        boolean more = true;
        while (more) {
          switch (decoder.decode(in, out)) {
            case NEED_INPUT -> more = false;
            case NEED_SPACE -> drain(out);
            case FRAME_START -> {
              drain(out);
              int opcode =
                  !decoder.frameStartsMessage()
                      ? Opcodes.CONTINUATION
                      : decoder.frameIsText() ? Opcodes.TEXT : Opcodes.BINARY;
              opening = new int[] {opcode, decoder.frameEndsMessage() ? 1 : 0};
            }
            case FRAME_END -> {
              drain(out);
              frames.add(new Frame(opening[1] == 1, opening[0], payload.toByteArray()));
              payload.reset();
              opening = null;
            }
            case CONTROL ->
                controls.add(new Frame(true, decoder.controlOpcode(), decoder.controlPayload()));
          }
        }
      }
    } finally {
      // Also after a protocol error: what was forwarded before it is part of the result.
      drain(out);
    }
  }

  private void drain(ByteBuffer out) {
    forwarded.write(out.array(), 0, out.position());
    payload.write(out.array(), 0, out.position());
    out.clear();
  }

  private List<Frame> forwardedFrames() {
    return frames;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part, 0, part.length);
    }
    return out.toByteArray();
  }
}
