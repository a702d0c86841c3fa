package io.devstreams.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CipherWarmUpTest {

  /** Every record, short and full, comes back through the real AES-GCM as it went in. */
  @Test
  void everyRecordRoundTripsThroughAesGcm() throws Exception {
    assertThat(CipherWarmUp.run(64)).isEqualTo(64);
  }
}
