package io.devstreams.hub.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.ws.ClientFrames.Frame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseFrameTest {

  @Test
  void payloadIsCodeThenUtf8Reason() throws FrameException {
    byte[] payload = {0x03, (byte) 0xE8, 'b', 'y', 'e'};

    assertThat(CloseFrame.parse(payload, payload.length)).isEqualTo(new CloseFrame(1000, "bye"));
  }

  @Test
  void emptyPayloadMeansNoStatus() throws FrameException {
    assertThat(CloseFrame.parse(new byte[0], 0).code()).isEqualTo(CloseFrame.NO_STATUS);
  }

  @Test
  void oneBytePayloadIsAProtocolError() {
    assertThatThrownBy(() -> CloseFrame.parse(new byte[] {3}, 1))
        .extracting(e -> ((FrameException) e).closeCode())
        .isEqualTo(1002);
  }

  @Test
  void codesThatMayNotBeSentAreAProtocolError() {
    for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
      byte[] payload = {(byte) (code >>> 8), (byte) code};

      assertThatThrownBy(() -> CloseFrame.parse(payload, 2))
          .as("code %d", code)
          .extracting(e -> ((FrameException) e).closeCode())
          .isEqualTo(1002);
    }
  }

  @Test
  void registeredAndPrivateCodesAreAccepted() throws FrameException {
    for (int code :
        new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1014, 3000, 4000, 4999}) {
      byte[] payload = {(byte) (code >>> 8), (byte) code};

      assertThat(CloseFrame.parse(payload, 2).code()).isEqualTo(code);
    }
  }

  @Test
  void reasonThatIsNotUtf8IsInvalidPayload() {
    byte[] payload = {0x03, (byte) 0xE8, (byte) 0xC3, (byte) 0x28};

    assertThatThrownBy(() -> CloseFrame.parse(payload, payload.length))
        .extracting(e -> ((FrameException) e).closeCode())
        .isEqualTo(1007);
  }

  @Test
  void frameCarriesCodeAndReasonUnmasked() {
    byte[] frame = new CloseFrame(4001, "the service side never joined").toFrame();

    Frame parsed = ClientFrames.parse(frame).get(0);
    assertThat(parsed.opcode()).isEqualTo(Opcodes.CLOSE);
    assertThat(parsed.fin()).isTrue();
    assertThat(parsed.closeCode()).isEqualTo(4001);
    assertThat(parsed.closeReason()).isEqualTo("the service side never joined");
  }

  @Test
  void noStatusIsSentAsAnEmptyPayload() {
    byte[] frame = new CloseFrame(CloseFrame.NO_STATUS, "ignored").toFrame();

    assertThat(frame).containsExactly(0x88, 0);
  }

  @Test
  void longReasonIsCutTo123BytesWithoutSplittingACharacter() {
    String reason = "é".repeat(100);

    CloseFrame close = new CloseFrame(1000, reason);

    byte[] bytes = close.reason().getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.length).isEqualTo(122);
    assertThat(close.reason()).isEqualTo("é".repeat(61));
    assertThat(close.toFrame().length).isLessThanOrEqualTo(2 + 125);
  }

  @Test
  void codeThatMayNotBeSentIsRejected() {
    assertThatThrownBy(() -> new CloseFrame(1006, "abnormal"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
