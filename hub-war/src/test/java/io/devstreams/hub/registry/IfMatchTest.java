package io.devstreams.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IfMatchTest {

  @Test
  void absentHeaderIsNull() {
    assertThat(IfMatch.parse(null)).isNull();
  }

  @Test
  void starMatchesAnyEtag() {
    assertThat(IfMatch.parse("*").matches("abc")).isTrue();
    assertThat(IfMatch.parse(" * ")).isEqualTo(IfMatch.ANY);
  }

  @Test
  void quotedStarMatchesAnyEtagAsAzureDoes() {
    assertThat(IfMatch.parse("\"*\"")).isEqualTo(IfMatch.ANY);
    assertThat(IfMatch.parse(" \"*\" ").matches("abc")).isTrue();
  }

  @Test
  void quotedEtagMatchesItself() {
    assertThat(IfMatch.parse("\"abc\"").matches("abc")).isTrue();
  }

  @Test
  void bareEtagMatchesItself() {
    assertThat(IfMatch.parse("abc").matches("abc")).isTrue();
  }

  @Test
  void otherEtagDoesNotMatch() {
    assertThat(IfMatch.parse("\"abd\"").matches("abc")).isFalse();
  }

  @Test
  void etagComparisonIsCaseSensitive() {
    assertThat(IfMatch.parse("ABC").matches("abc")).isFalse();
  }

  @Test
  void anyEtagOfAListMatches() {
    IfMatch condition = IfMatch.parse("\"one\", \"two\"");

    assertThat(condition.matches("two")).isTrue();
    assertThat(condition.matches("three")).isFalse();
  }

  @Test
  void weakEtagNeverMatches() {
    assertThat(IfMatch.parse("W/\"abc\"").matches("abc")).isFalse();
  }

  @Test
  void emptyHeaderIsRefused() {
    assertThatThrownBy(() -> IfMatch.parse("")).hasMessageContaining("If-Match must be *");
    assertThatThrownBy(() -> IfMatch.parse("\"\"")).hasMessageContaining("empty etag");
  }
}
