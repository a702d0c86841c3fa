package io.devstreams.hub.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeTest {

  private final Map<String, List<String>> headers = new HashMap<>();

  HandshakeTest() {
    headers.put("Upgrade", List.of("websocket"));
    headers.put("Connection", List.of("Upgrade"));
    headers.put("Sec-WebSocket-Version", List.of("13"));
    headers.put("Sec-WebSocket-Key", List.of("dGhlIHNhbXBsZSBub25jZQ=="));
  }

  @Test
  void acceptValueIsTheOneFromRfc6455() {
    Handshake.Outcome outcome = check("GET");

    assertThat(outcome.accepted()).isTrue();
    assertThat(outcome.accept()).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void methodOtherThanGetIsRefusedWith405() {
    assertThat(check("POST").status()).isEqualTo(405);
  }

  @Test
  void missingUpgradeIsRefusedWith400() {
    headers.remove("Upgrade");

    assertThat(check("GET").status()).isEqualTo(400);
  }

  @Test
  void connectionHeaderMayListOtherTokens() {
    headers.put("Connection", List.of("keep-alive, UPGRADE"));

    assertThat(check("GET").accepted()).isTrue();
  }

  @Test
  void connectionWithoutUpgradeIsRefusedWith400() {
    headers.put("Connection", List.of("keep-alive"));

    assertThat(check("GET").status()).isEqualTo(400);
  }

  @Test
  void missingVersionIsRefusedWith400() {
    headers.remove("Sec-WebSocket-Version");

    assertThat(check("GET").status()).isEqualTo(400);
  }

  @Test
  void otherVersionIsRefusedWith426() {
    headers.put("Sec-WebSocket-Version", List.of("8"));

    assertThat(check("GET").status()).isEqualTo(426);
  }

  @Test
  void keyThatIsNotSixteenBytesIsRefusedWith400() {
    headers.put("Sec-WebSocket-Key", List.of("c2hvcnQ="));

    assertThat(check("GET").status()).isEqualTo(400);
  }

  @Test
  void keyThatIsNotBase64IsRefusedWith400() {
    headers.put("Sec-WebSocket-Key", List.of("not base64 at all!!!!!!="));

    assertThat(check("GET").status()).isEqualTo(400);
  }

  @Test
  void bearerTokenIsReadWithAnyCaseOfTheScheme() {
    assertThat(Handshake.bearerToken(List.of("Bearer abc"))).isEqualTo("abc");
    assertThat(Handshake.bearerToken(List.of("bearer  abc "))).isEqualTo("abc");
  }

  @Test
  void otherSchemesAndEmptyOrRepeatedHeadersGiveNoToken() {
    assertThat(Handshake.bearerToken(List.of())).isNull();
    assertThat(Handshake.bearerToken(List.of("SharedAccessSignature sr=x"))).isNull();
    assertThat(Handshake.bearerToken(List.of("Bearer "))).isNull();
    assertThat(Handshake.bearerToken(List.of("Bearer a", "Bearer b"))).isNull();
  }

  @Test
  void streamIdIsTheOneUrlSafePathSegment() {
    assertThat(Handshake.streamId("/abc_DEF-123")).isEqualTo("abc_DEF-123");
    assertThat(Handshake.streamId(null)).isNull();
    assertThat(Handshake.streamId("/")).isNull();
    assertThat(Handshake.streamId("/a/b")).isNull();
    assertThat(Handshake.streamId("/a%20b")).isNull();
    assertThat(Handshake.streamId("/" + "a".repeat(65))).isNull();
  }

  private Handshake.Outcome check(String method) {
    return Handshake.check(method, name -> headers.getOrDefault(name, List.of()));
  }
}
