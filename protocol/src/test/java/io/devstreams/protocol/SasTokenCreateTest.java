package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SasTokenCreateTest {

  private static final byte[] KEY_32 =
      HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  private static final byte[] KEY_16 = HexFormat.of().parseHex("fffefdfcfbfaf9f8f7f6f5f4f3f2f1f0");
  private static final byte[] KEY_64 = new byte[64];

  static {
    for (int i = 0; i < KEY_64.length; i++) {
      KEY_64[i] = (byte) (i * 37 + 11);
    }
  }

  @Test
  void policyTokenMatchesOpensslAndEncodesHostPort() {
    String sig = OpenSsl.hmacSha256Base64(KEY_32, "localhost%3A8443\n1700000000");

    String token = SasToken.create("localhost:8443", KEY_32, 1700000000L, "iothubowner");

    assertThat(token)
        .isEqualTo(
            "SharedAccessSignature sr=localhost%3A8443&sig="
                + OpenSsl.encodeSignature(sig)
                + "&se=1700000000&skn=iothubowner");
  }

  @Test
  void deviceTokenMatchesOpensslAndHasNoKeyName() {
    String sig = OpenSsl.hmacSha256Base64(KEY_16, "localhost%3A8443%2Fdevices%2Fdev1\n1893456000");

    String token = SasToken.create("localhost:8443/devices/dev1", KEY_16, 1893456000L, null);

    assertThat(token)
        .isEqualTo(
            "SharedAccessSignature sr=localhost%3A8443%2Fdevices%2Fdev1&sig="
                + OpenSsl.encodeSignature(sig)
                + "&se=1893456000");
  }

  @Test
  void deviceIdPunctuationIsEncodedAsUrlEncoderDoes() {
    String sr = "hub.example.com%2Fdevices%2Fa%28b%29%21*%27x%40y";
    String sig = OpenSsl.hmacSha256Base64(KEY_64, sr + "\n4102444800");

    String token =
        SasToken.create("hub.example.com/devices/a(b)!*'x@y", KEY_64, 4102444800L, "service");

    assertThat(token)
        .isEqualTo(
            "SharedAccessSignature sr="
                + sr
                + "&sig="
                + OpenSsl.encodeSignature(sig)
                + "&se=4102444800&skn=service");
  }

  @Test
  void createdTokenParsesAndVerifiesWithItsKey() {
    String header = SasToken.create("localhost:8443/devices/dev1", KEY_32, 1700000000L, null);

    SasToken token = SasToken.parse(header);

    assertThat(token.signatureMatches(KEY_32)).isTrue();
    assertThat(token.resource()).isEqualTo("localhost:8443/devices/dev1");
    assertThat(token.rawResource()).isEqualTo("localhost%3A8443%2Fdevices%2Fdev1");
    assertThat(token.expiry()).isEqualTo(1700000000L);
    assertThat(token.keyName()).isNull();
  }

  @Test
  void createRejectsAnEmptyKey() {
    assertThatThrownBy(() -> SasToken.create("localhost:8443", new byte[0], 1L, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key is empty");
  }

  @Test
  void createRejectsAnEmptyResource() {
    assertThatThrownBy(() -> SasToken.create("", KEY_32, 1L, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token resource is empty");
  }

  @Test
  void createRejectsANegativeExpiry() {
    assertThatThrownBy(() -> SasToken.create("localhost:8443", KEY_32, -1L, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token expiry is negative");
  }
}
