package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SasKeysTest {

  @Test
  void generatedKeyDecodesTo32Bytes() {
    assertThat(SasKeys.decode(SasKeys.generate())).hasSize(32);
  }

  @Test
  void generatedKeysDiffer() {
    assertThat(SasKeys.generate()).isNotEqualTo(SasKeys.generate());
  }

  @Test
  void decodeReadsStandardBase64() {
    assertThat(SasKeys.decode("AQID")).containsExactly(1, 2, 3);
  }

  @Test
  void decodeRejectsInvalidBase64WithoutEchoingIt() {
    assertThatThrownBy(() -> SasKeys.decode("c2VjcmV0-key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key is not valid base64")
        .hasNoCause();
  }

  @Test
  void decodeRejectsAnEmptyKey() {
    assertThatThrownBy(() -> SasKeys.decode(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key is empty");
  }

  @Test
  void decodeRejectsNull() {
    assertThatThrownBy(() -> SasKeys.decode(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key is empty");
  }
}
