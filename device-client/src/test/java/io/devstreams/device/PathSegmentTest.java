package io.devstreams.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathSegmentTest {

  @Test
  void keepsEveryDeviceIdCharacterAllowedInAPathSegment() {
    assertThat(PathSegment.encode("dev-1._*!(),:=@$'")).isEqualTo("dev-1._*!(),:=@$'");
  }

  @Test
  void encodesAQuestionMark() {
    assertThat(PathSegment.encode("what?")).isEqualTo("what%3F");
  }
}
