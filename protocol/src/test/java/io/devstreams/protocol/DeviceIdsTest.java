package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class DeviceIdsTest {

  private static final String ALLOWED = "letters, digits and - . _ * ? ! ( ) , : = @ $ '";

  private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(String id) {
    return assertThatThrownBy(() -> DeviceIds.validate(id))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsLettersAndDigits() {
    assertThatCode(() -> DeviceIds.validate("Dev1abcXYZ09")).doesNotThrowAnyException();
  }

  @Test
  void acceptsEveryAllowedPunctuationCharacter() {
    assertThatCode(() -> DeviceIds.validate("a-._*?!(),:=@$'z")).doesNotThrowAnyException();
  }

  @Test
  void acceptsA128CharacterId() {
    assertThat(DeviceIds.isValid("a".repeat(128))).isTrue();
  }

  @Test
  void rejectsA130CharacterId() {
    rejecting("a".repeat(130)).hasMessage("device id is longer than 128 characters (got 130)");
  }

  @Test
  void rejectsAnEmptyId() {
    rejecting("").hasMessage("device id is empty");
  }

  @Test
  void rejectsNull() {
    rejecting(null).hasMessage("device id is missing");
  }

  @Test
  void rejectsASlashNamingItsPosition() {
    rejecting("dev/1").hasMessage("device id contains '/' at position 3; allowed: " + ALLOWED);
  }

  @Test
  void rejectsPercentUnlikeAzure() {
    rejecting("dev%2F1").hasMessage("device id contains '%' at position 3; allowed: " + ALLOWED);
  }

  @Test
  void rejectsASpace() {
    rejecting("dev 1").hasMessageStartingWith("device id contains ' ' at position 3;");
  }

  @Test
  void namesANewlineByCodePoint() {
    rejecting("dev\n1").hasMessageStartingWith("device id contains U+000A at position 3;");
  }

  @Test
  void rejectsNonAsciiLetters() {
    rejecting("dév").hasMessageStartingWith("device id contains U+00E9 at position 1;");
  }

  @Test
  void rejectsADot() {
    rejecting(".").hasMessage("device id must not be '.' or '..'");
  }

  @Test
  void rejectsTwoDots() {
    rejecting("..").hasMessage("device id must not be '.' or '..'");
  }

  @Test
  void acceptsThreeDots() {
    assertThat(DeviceIds.isValid("...")).isTrue();
  }

  @Test
  void isValidIsFalseForAnInvalidId() {
    assertThat(DeviceIds.isValid("dev/1")).isFalse();
  }
}
