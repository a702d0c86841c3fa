package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class StreamNamesTest {

  private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(String name) {
    return assertThatThrownBy(() -> StreamNames.validate(name))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsLettersDigitsDashUnderscoreAndDot() {
    assertThatCode(() -> StreamNames.validate("ssh-2_v1.0")).doesNotThrowAnyException();
  }

  @Test
  void acceptsA64CharacterName() {
    assertThat(StreamNames.isValid("s".repeat(64))).isTrue();
  }

  @Test
  void rejectsA65CharacterName() {
    rejecting("s".repeat(65)).hasMessage("stream name is longer than 64 characters (got 65)");
  }

  @Test
  void rejectsAnEmptyName() {
    rejecting("").hasMessage("stream name is empty");
  }

  @Test
  void rejectsNull() {
    rejecting(null).hasMessage("stream name is missing");
  }

  @Test
  void rejectsASlashNamingItsPosition() {
    rejecting("ss/h")
        .hasMessage("stream name contains '/' at position 2; allowed: letters, digits and - _ .");
  }

  @Test
  void rejectsPunctuationThatDeviceIdsAllow() {
    rejecting("ssh:22").hasMessageStartingWith("stream name contains ':' at position 3;");
  }

  @Test
  void rejectsTwoDots() {
    rejecting("..").hasMessage("stream name must not be '.' or '..'");
  }

  @Test
  void isValidIsFalseForAnInvalidName() {
    assertThat(StreamNames.isValid("s s")).isFalse();
  }
}
