package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ControlMessagesTest {

  private static final StreamRequest REQUEST =
      new StreamRequest("r-1", "ssh", "wss://localhost:8443/streams/abc", "tok3n");

  @Test
  void encodesAStreamRequest() {
    assertThat(ControlMessages.encode(REQUEST))
        .isEqualTo(
            "{\"type\":\"streamRequest\",\"requestId\":\"r-1\",\"name\":\"ssh\","
                + "\"url\":\"wss://localhost:8443/streams/abc\",\"authorizationToken\":\"tok3n\"}");
  }

  @Test
  void encodesAnAcceptedStreamResponseWithoutReason() {
    assertThat(ControlMessages.encode(new StreamResponse("r-1", true, null)))
        .isEqualTo("{\"type\":\"streamResponse\",\"requestId\":\"r-1\",\"accepted\":true}");
  }

  @Test
  void encodesARefusedStreamResponseWithItsReason() {
    assertThat(ControlMessages.encode(new StreamResponse("r-1", false, "no service 'vnc'")))
        .isEqualTo(
            "{\"type\":\"streamResponse\",\"requestId\":\"r-1\",\"accepted\":false,"
                + "\"reason\":\"no service 'vnc'\"}");
  }

  @Test
  void encodesFin() {
    assertThat(ControlMessages.encode(new Fin())).isEqualTo("{\"type\":\"fin\"}");
  }

  @Test
  void streamRequestRoundTrips() {
    assertThat(ControlMessages.decode(ControlMessages.encode(REQUEST))).isEqualTo(REQUEST);
  }

  @Test
  void streamResponseRoundTrips() {
    StreamResponse response = new StreamResponse("r-2", false, "busy");

    assertThat(ControlMessages.decode(ControlMessages.encode(response))).isEqualTo(response);
  }

  @Test
  void finRoundTrips() {
    assertThat(ControlMessages.decode(ControlMessages.encode(new Fin()))).isEqualTo(new Fin());
  }

  @Test
  void specialCharactersInAReasonRoundTripAsAsciiEscapes() {
    String reason = "quote \" backslash \\ tab \t newline \n nul \u0000 é 😀 \u2028";
    StreamResponse response = new StreamResponse("r-3", false, reason);

    String json = ControlMessages.encode(response);

    assertThat(json).matches("\\p{ASCII}*").doesNotContain("\n");
    assertThat(ControlMessages.decode(json)).isEqualTo(response);
  }

  @Test
  void decodesWhitespaceAndAnyMemberOrder() {
    String json =
        " {\n \"accepted\" : false ,\t\"requestId\":\"r-1\", \"type\":\"streamResponse\" }\r\n";

    assertThat(ControlMessages.decode(json)).isEqualTo(new StreamResponse("r-1", false, null));
  }

  @Test
  void decodesANullReason() {
    String json =
        "{\"type\":\"streamResponse\",\"requestId\":\"r\",\"accepted\":true,\"reason\":null}";

    assertThat(ControlMessages.decode(json)).isEqualTo(new StreamResponse("r", true, null));
  }

  @Test
  void decodesEveryEscape() {
    String json =
        "{\"type\":\"streamResponse\",\"requestId\":\"r\",\"accepted\":false,"
            + "\"reason\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u00C9\\ud83d\\ude00\"}";

    StreamResponse response = (StreamResponse) ControlMessages.decode(json);

    assertThat(response.reason()).isEqualTo("\"\\/\b\f\n\r\téÉ😀");
  }

  @Test
  void ignoresUnknownMembers() {
    String json = "{\"type\":\"fin\",\"future\":\"x\",\"flag\":true,\"gone\":null}";

    assertThat(ControlMessages.decode(json)).isEqualTo(new Fin());
  }

  @Test
  void streamRequestToStringRedactsTheToken() {
    assertThat(REQUEST.toString()).contains("r-1", "ssh", "<redacted>").doesNotContain("tok3n");
  }

  @Test
  void streamRequestRejectsAnInvalidName() {
    assertThatThrownBy(() -> new StreamRequest("r", "s s", "wss://h/streams/x", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stream name contains ' ' at position 1");
  }

  @Test
  void streamRequestRejectsAUrlThatIsNotAWebSocketUrl() {
    assertThatThrownBy(() -> new StreamRequest("r", "ssh", "https://h/streams/x", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stream request url is not a ws:// or wss:// URL");
  }

  @Test
  void streamRequestRejectsAnEmptyToken() {
    assertThatThrownBy(() -> new StreamRequest("r", "ssh", "wss://h/streams/x", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stream request has no authorizationToken");
  }

  @Test
  void streamResponseRejectsAnEmptyRequestId() {
    assertThatThrownBy(() -> new StreamResponse("", true, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request id is empty");
  }
}
