package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SasTokenVerifyTest {

  private static final byte[] KEY =
      HexFormat.of().parseHex("8f4c2a1e9d7b5a3c6e0f1d2b4a6c8e0f1a3c5e7092b4d6f8a1c3e5f7092b4d6f");
  private static final long EXPIRY = 1_800_000_000L;

  @Test
  void signatureDoesNotMatchAnotherKey() {
    SasToken token = SasToken.parse(SasToken.create("localhost:8443", KEY, EXPIRY, null));
    byte[] otherKey = KEY.clone();
    otherKey[0] ^= 1;

    assertThat(token.signatureMatches(otherKey)).isFalse();
  }

  @Test
  void signatureIsVerifiedOverTheUnencodedResourceAsTheNodeSdkSendsIt() {
    String sig = OpenSsl.hmacSha256Base64(KEY, "localhost:8443\n" + EXPIRY);
    String header =
        "SharedAccessSignature sr=localhost:8443&sig="
            + OpenSsl.encodeSignature(sig)
            + "&se="
            + EXPIRY;

    SasToken token = SasToken.parse(header);

    assertThat(token.signatureMatches(KEY)).isTrue();
    assertThat(token.isForResource("localhost:8443")).isTrue();
  }

  @Test
  void signatureOverTheEncodedResourceDoesNotVerifyWhenTheTokenCarriesItDecoded() {
    String sig = OpenSsl.hmacSha256Base64(KEY, "localhost%3A8443\n" + EXPIRY);
    String header =
        "SharedAccessSignature sr=localhost:8443&sig="
            + OpenSsl.encodeSignature(sig)
            + "&se="
            + EXPIRY;

    assertThat(SasToken.parse(header).signatureMatches(KEY)).isFalse();
  }

  @Test
  void signatureDoesNotMatchWhenTheExpiryWasChanged() {
    String header = SasToken.create("localhost:8443", KEY, EXPIRY, null);
    String tampered = header.replace("&se=" + EXPIRY, "&se=" + (EXPIRY + 3600));

    assertThat(SasToken.parse(tampered).signatureMatches(KEY)).isFalse();
  }

  @Test
  void tokenIsNotExpiredOneSecondBeforeItsExpiry() {
    SasToken token = SasToken.parse(SasToken.create("localhost:8443", KEY, EXPIRY, null));

    assertThat(token.isExpired(Instant.ofEpochSecond(EXPIRY - 1, 999_999_999))).isFalse();
  }

  @Test
  void tokenIsExpiredAtItsExpiry() {
    SasToken token = SasToken.parse(SasToken.create("localhost:8443", KEY, EXPIRY, null));

    assertThat(token.isExpired(Instant.ofEpochSecond(EXPIRY))).isTrue();
  }

  @Test
  void tokenExpiringExactlyAtTheMaximumLifetimeIsAccepted() {
    SasToken token = SasToken.parse(SasToken.create("localhost:8443", KEY, EXPIRY, null));
    Instant now = Instant.ofEpochSecond(EXPIRY - 3600);

    assertThat(token.expiresTooFarAhead(now, Duration.ofHours(1))).isFalse();
  }

  @Test
  void tokenExpiringOneSecondPastTheMaximumLifetimeIsTooFarAhead() {
    SasToken token = SasToken.parse(SasToken.create("localhost:8443", KEY, EXPIRY, null));
    Instant now = Instant.ofEpochSecond(EXPIRY - 3601);

    assertThat(token.expiresTooFarAhead(now, Duration.ofHours(1))).isTrue();
  }

  @Test
  void largestExpiryIsTooFarAheadWithoutOverflow() {
    SasToken token = SasToken.parse(SasToken.create("localhost:8443", KEY, Long.MAX_VALUE, null));

    assertThat(token.expiresTooFarAhead(Instant.now(), Duration.ofDays(365))).isTrue();
    assertThat(token.expiresTooFarAhead(Instant.now(), Duration.ofSeconds(Long.MAX_VALUE)))
        .isFalse();
  }

  @Test
  void toStringRedactsTheSignature() {
    String header = SasToken.create("localhost:8443", KEY, EXPIRY, "iothubowner");
    String sig = header.substring(header.indexOf("&sig=") + 5, header.indexOf("&se="));

    String text = SasToken.parse(header).toString();

    assertThat(text).contains("<redacted>").contains("iothubowner").doesNotContain(sig);
    assertThat(text).doesNotContain(OpenSsl.hmacSha256Base64(KEY, "localhost%3A8443\n" + EXPIRY));
  }

  @Test
  void signatureAccessorReturnsACopy() {
    SasToken token = SasToken.parse(SasToken.create("localhost:8443", KEY, EXPIRY, null));

    token.signature()[0] ^= 1;

    assertThat(token.signatureMatches(KEY)).isTrue();
  }

  @Test
  void parsedTokensWithTheSameTextAreEqual() {
    String header = SasToken.create("localhost:8443", KEY, EXPIRY, null);

    assertThat(SasToken.parse(header)).isEqualTo(SasToken.parse(header));
    assertThat(SasToken.parse(header).hashCode()).isEqualTo(SasToken.parse(header).hashCode());
  }
}
