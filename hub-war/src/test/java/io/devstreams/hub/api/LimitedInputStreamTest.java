package io.devstreams.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {

  @Test
  void readsABodyOfExactlyTheLimit() throws IOException {
    LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[10]), 10);

    assertThat(in.readAllBytes()).hasSize(10);
    assertThat(in.exceeded()).isFalse();
  }

  @Test
  void failsOnTheFirstByteBeyondTheLimitAndRemembersIt() {
    LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[11]), 10);

    assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
    assertThat(in.exceeded()).isTrue();
  }

  @Test
  void countsSingleByteReadsToo() throws IOException {
    LimitedInputStream in = new LimitedInputStream(new ByteArrayInputStream(new byte[3]), 2);
    in.read();
    in.read();

    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
  }
}
