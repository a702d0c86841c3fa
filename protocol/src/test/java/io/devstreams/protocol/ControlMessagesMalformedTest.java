package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class ControlMessagesMalformedTest {

  private static final String RESPONSE_START =
      "{\"type\":\"streamResponse\",\"requestId\":\"r\",\"accepted\":false,\"reason\":";

  private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(String json) {
    return assertThatThrownBy(() -> ControlMessages.decode(json))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNull() {
    rejecting(null).hasMessage("control message is missing");
  }

  @Test
  void rejectsEmptyText() {
    rejecting("").hasMessage("control message is empty");
  }

  @Test
  void rejectsWhitespace() {
    rejecting(" \n").hasMessage("control message is empty");
  }

  @Test
  void rejectsText() {
    rejecting("hello").hasMessage("control message is not valid JSON: expected '{' at position 0");
  }

  @Test
  void rejectsATopLevelArray() {
    rejecting("[]").hasMessage("control message is not valid JSON: expected '{' at position 0");
  }

  @Test
  void rejectsContentAfterTheObject() {
    rejecting("{\"type\":\"fin\"}{}")
        .hasMessage(
            "control message is not valid JSON: unexpected content after the object at position 14");
  }

  @Test
  void rejectsATrailingComma() {
    rejecting("{\"type\":\"fin\",}")
        .hasMessage("control message is not valid JSON: expected '\"' at position 14");
  }

  @Test
  void rejectsSingleQuotes() {
    rejecting("{'type':'fin'}")
        .hasMessage("control message is not valid JSON: expected '\"' at position 1");
  }

  @Test
  void rejectsAMissingColon() {
    rejecting("{\"type\" \"fin\"}")
        .hasMessage("control message is not valid JSON: expected ':' at position 8");
  }

  @Test
  void rejectsAnUnclosedObject() {
    rejecting("{\"type\":\"fin\"")
        .hasMessage(
            "control message is not valid JSON: unexpected end of text, expected ',' or '}' at position 13");
  }

  @Test
  void rejectsADuplicateMember() {
    rejecting("{\"type\":\"fin\",\"type\":\"fin\"}")
        .hasMessage("control message is not valid JSON: duplicate member at position 14");
  }

  @Test
  void rejectsANestedObject() {
    rejecting("{\"type\":{}}").hasMessageContaining("nested objects and arrays are not supported");
  }

  @Test
  void rejectsAnArrayValue() {
    rejecting("{\"type\":[\"fin\"]}")
        .hasMessageContaining("nested objects and arrays are not supported");
  }

  @Test
  void rejectsANumber() {
    rejecting("{\"type\":\"fin\",\"n\":1}").hasMessageContaining("numbers are not supported");
  }

  @Test
  void rejectsAMisspelledLiteral() {
    rejecting("{\"type\":\"fin\",\"x\":tru}").hasMessageContaining("expected a value");
  }

  @Test
  void rejectsAnUnterminatedString() {
    rejecting("{\"type\":\"fin")
        .hasMessageContaining("unexpected end of text, expected closing '\"'");
  }

  @Test
  void rejectsAnInvalidEscape() {
    rejecting(RESPONSE_START + "\"\\x\"}").hasMessageContaining("invalid escape");
  }

  @Test
  void rejectsAShortUnicodeEscape() {
    rejecting(RESPONSE_START + "\"\\u12G4\"}").hasMessageContaining("invalid \\u escape");
  }

  @Test
  void rejectsNonAsciiDigitsInAUnicodeEscape() {
    rejecting(RESPONSE_START + "\"\\u００41\"}").hasMessageContaining("invalid \\u escape");
  }

  @Test
  void rejectsAnUnpairedSurrogate() {
    rejecting(RESPONSE_START + "\"\\ud83d\"}").hasMessageContaining("unpaired surrogate");
  }

  @Test
  void rejectsAReversedSurrogatePair() {
    rejecting(RESPONSE_START + "\"\\ude00\\ud83d\"}").hasMessageContaining("unpaired surrogate");
  }

  @Test
  void rejectsARawControlCharacterInAString() {
    rejecting(RESPONSE_START + "\"a\nb\"}").hasMessageContaining("unescaped control character");
  }

  @Test
  void rejectsTextLongerThan16KiB() {
    String json = RESPONSE_START + "\"" + "x".repeat(16 * 1024) + "\"}";

    rejecting(json)
        .hasMessage("control message is longer than 16384 characters (got " + json.length() + ")");
  }

  @Test
  void rejectsAMissingType() {
    rejecting("{\"requestId\":\"r\"}").hasMessage("control message has no 'type'");
  }

  @Test
  void rejectsANullType() {
    rejecting("{\"type\":null}").hasMessage("control message member 'type' is not a string");
  }

  @Test
  void rejectsAnUnknownType() {
    rejecting("{\"type\":\"hello\"}").hasMessage("unknown control message type 'hello'");
  }

  @Test
  void doesNotEchoAnUnknownTypeThatIsNotAWord() {
    rejecting("{\"type\":\"a\\nb\"}").hasMessage("unknown control message type");
  }

  @Test
  void rejectsAStreamRequestWithoutToken() {
    rejecting(
            "{\"type\":\"streamRequest\",\"requestId\":\"r\",\"name\":\"ssh\",\"url\":\"wss://h/s\"}")
        .hasMessage("control message has no 'authorizationToken'");
  }

  @Test
  void rejectsAStreamResponseWithoutAccepted() {
    rejecting("{\"type\":\"streamResponse\",\"requestId\":\"r\"}")
        .hasMessage("control message has no 'accepted'");
  }

  @Test
  void rejectsAcceptedAsAString() {
    rejecting("{\"type\":\"streamResponse\",\"requestId\":\"r\",\"accepted\":\"true\"}")
        .hasMessage("control message member 'accepted' is not true or false");
  }

  @Test
  void rejectsAReasonThatIsABoolean() {
    rejecting(RESPONSE_START + "true}")
        .hasMessage("control message member 'reason' is not a string");
  }

  @Test
  void rejectsAStreamRequestWithAnInvalidNameWithoutEchoingTheToken() {
    rejecting(
            "{\"type\":\"streamRequest\",\"requestId\":\"r\",\"name\":\"../x\","
                + "\"url\":\"wss://h/s\",\"authorizationToken\":\"s3cret\"}")
        .hasMessageStartingWith("stream name contains '/'")
        .message()
        .doesNotContain("s3cret");
  }
}
