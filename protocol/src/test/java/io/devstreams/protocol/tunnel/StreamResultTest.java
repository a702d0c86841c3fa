package io.devstreams.protocol.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import org.junit.jupiter.api.Test;

class StreamResultTest {

  @Test
  void normalCloseReadsClosedNormally() {
    StreamResult result = new StreamResult(10, 20, 1000, null, null);

    assertThat(result.isNormal()).isTrue();
    assertThat(result.describe()).isEqualTo("closed normally");
  }

  @Test
  void otherCodesNameTheCodeItsMeaningAndTheReason() {
    assertThat(new StreamResult(0, 0, 4000, "service closed", null).describe())
        .isEqualTo("closed with 4000 (peer closed the stream): service closed");
  }

  @Test
  void unknownCodeWithoutReasonStillReadsClearly() {
    assertThat(new StreamResult(0, 0, 4999, "", null).describe())
        .isEqualTo("closed with 4999 (close code 4999)");
  }

  @Test
  void brokenConnectionReadsConnectionLostWithTheCause() {
    StreamResult result =
        new StreamResult(
            0, 0, StreamResult.ABNORMAL_CLOSURE, "", new SocketException("Connection reset"));

    assertThat(result.isNormal()).isFalse();
    assertThat(result.describe()).isEqualTo("connection lost: connection reset");
  }

  @Test
  void normalCodeWithAnErrorIsNotNormal() {
    assertThat(new StreamResult(0, 0, 1000, "", new SocketException("x")).isNormal()).isFalse();
  }
}
