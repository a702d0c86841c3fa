package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class SasTokenParseTest {

  /** 32 zero bytes, base64 and percent-encoded. */
  private static final String SIG = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D";

  private static final String VALID =
      "SharedAccessSignature sr=localhost%3A8443&sig=" + SIG + "&se=1700000000&skn=iothubowner";

  private static AbstractThrowableAssert<?, ? extends Throwable> rejecting(String header) {
    return assertThatThrownBy(() -> SasToken.parse(header))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void parsesAllParameters() {
    SasToken token = SasToken.parse(VALID);

    assertThat(token.rawResource()).isEqualTo("localhost%3A8443");
    assertThat(token.resource()).isEqualTo("localhost:8443");
    assertThat(token.signature()).hasSize(32).containsOnly(0);
    assertThat(token.expiry()).isEqualTo(1700000000L);
    assertThat(token.keyName()).isEqualTo("iothubowner");
  }

  @Test
  void acceptsParametersInAnyOrder() {
    SasToken token =
        SasToken.parse("SharedAccessSignature se=5&skn=p&sig=" + SIG + "&sr=localhost%3A8443");

    assertThat(token.resource()).isEqualTo("localhost:8443");
    assertThat(token.expiry()).isEqualTo(5L);
  }

  @Test
  void acceptsAnUnencodedBase64Signature() {
    String sig = "q+/rAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

    SasToken token = SasToken.parse("SharedAccessSignature sr=h&sig=" + sig + "&se=1");

    assertThat(token.signature()[0]).isEqualTo((byte) 0xab);
  }

  @Test
  void reasonIsTheMessage() {
    InvalidTokenException e = new InvalidTokenException("token has no 'sr'");

    assertThat(e.reason()).isEqualTo("token has no 'sr'").isEqualTo(e.getMessage());
  }

  @Test
  void rejectsNull() {
    rejecting(null).hasMessage("no token");
  }

  @Test
  void rejectsEmpty() {
    rejecting("").hasMessage("no token");
  }

  @Test
  void rejectsAnotherScheme() {
    rejecting("Bearer abc").hasMessage("token does not start with 'SharedAccessSignature '");
  }

  @Test
  void rejectsALowerCaseScheme() {
    rejecting(VALID.replace("SharedAccessSignature", "sharedaccesssignature"))
        .hasMessage("token does not start with 'SharedAccessSignature '");
  }

  @Test
  void rejectsTwoSpacesAfterTheScheme() {
    rejecting(VALID.replace("Signature ", "Signature  "))
        .hasMessage("token has more than one space after 'SharedAccessSignature'");
  }

  @Test
  void rejectsTheSchemeAlone() {
    rejecting("SharedAccessSignature ").hasMessage("token has no parameters");
  }

  @Test
  void rejectsGarbage() {
    rejecting("SharedAccessSignature garbage").hasMessage("token parameter 1 has no '='");
  }

  @Test
  void rejectsATokenLongerThanTheCap() {
    String header = VALID + "x".repeat(SasToken.MAX_LENGTH);

    rejecting(header)
        .hasMessage("token is longer than 4096 characters (got " + header.length() + ")");
  }

  @Test
  void rejectsAControlCharacter() {
    rejecting(VALID + "\n").hasMessageContaining("U+000A");
  }

  @Test
  void rejectsNonAsciiCharacters() {
    rejecting(VALID.replace("iothubowner", "iothubówner")).hasMessageContaining("U+00F3");
  }

  @Test
  void rejectsAnEmptyParameter() {
    rejecting(VALID + "&").hasMessage("token parameter 5 is empty");
  }

  @Test
  void rejectsAnUnknownParameter() {
    rejecting(VALID + "&foo=bar").hasMessage("token has unknown parameter 'foo'");
  }

  @Test
  void rejectsParameterNamesInAnotherCase() {
    rejecting(VALID.replace("sr=", "SR=")).hasMessage("token has unknown parameter 'SR'");
  }

  @Test
  void doesNotEchoAnUnknownParameterNameThatIsNotAWord() {
    rejecting(VALID + "&QUJD+/==x").hasMessage("token parameter 5 has an unknown name");
  }

  @Test
  void rejectsADuplicateSignature() {
    rejecting(VALID + "&sig=" + SIG).hasMessage("token has parameter 'sig' more than once");
  }

  @Test
  void rejectsADuplicateResource() {
    rejecting(VALID + "&sr=localhost%3A8443").hasMessage("token has parameter 'sr' more than once");
  }

  @Test
  void rejectsADuplicateExpiry() {
    rejecting(VALID + "&se=1700000000").hasMessage("token has parameter 'se' more than once");
  }

  @Test
  void rejectsADuplicateKeyName() {
    rejecting(VALID + "&skn=other").hasMessage("token has parameter 'skn' more than once");
  }

  @Test
  void rejectsAMissingResource() {
    rejecting("SharedAccessSignature sig=" + SIG + "&se=1").hasMessage("token has no 'sr'");
  }

  @Test
  void rejectsAMissingSignature() {
    rejecting("SharedAccessSignature sr=h&se=1").hasMessage("token has no 'sig'");
  }

  @Test
  void rejectsAMissingExpiry() {
    rejecting("SharedAccessSignature sr=h&sig=" + SIG).hasMessage("token has no 'se'");
  }

  @Test
  void rejectsAnEmptyResource() {
    rejecting(VALID.replace("sr=localhost%3A8443", "sr=")).hasMessage("token has an empty 'sr'");
  }

  @Test
  void rejectsAnEmptyKeyName() {
    rejecting(VALID.replace("skn=iothubowner", "skn=")).hasMessage("token has an empty 'skn'");
  }

  @Test
  void rejectsANonNumericExpiry() {
    rejecting(VALID.replace("se=1700000000", "se=17000x0000"))
        .hasMessage("token expiry 'se' is not a decimal number of seconds");
  }

  @Test
  void rejectsASignedExpiry() {
    rejecting(VALID.replace("se=1700000000", "se=+1700000000"))
        .hasMessage("token expiry 'se' is not a decimal number of seconds");
  }

  @Test
  void rejectsANegativeExpiry() {
    rejecting(VALID.replace("se=1700000000", "se=-1"))
        .hasMessage("token expiry 'se' is not a decimal number of seconds");
  }

  @Test
  void rejectsAFractionalExpiry() {
    rejecting(VALID.replace("se=1700000000", "se=1700000000.5"))
        .hasMessage("token expiry 'se' is not a decimal number of seconds");
  }

  @Test
  void rejectsAnExpiryWithALeadingZero() {
    rejecting(VALID.replace("se=1700000000", "se=01700000000"))
        .hasMessage("token expiry 'se' has a leading zero");
  }

  @Test
  void rejectsAnExpiryJustPastTheLargestLong() {
    rejecting(VALID.replace("se=1700000000", "se=9223372036854775808"))
        .hasMessage("token expiry 'se' is too large");
  }

  @Test
  void rejectsAnExpiryWithManyDigits() {
    rejecting(VALID.replace("se=1700000000", "se=" + "9".repeat(40)))
        .hasMessage("token expiry 'se' is too large");
  }

  @Test
  void acceptsTheLargestLongExpiry() {
    SasToken token = SasToken.parse(VALID.replace("se=1700000000", "se=9223372036854775807"));

    assertThat(token.expiry()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void rejectsASignatureThatIsNotBase64() {
    rejecting(VALID.replace(SIG, "not*base64"))
        .hasMessage("token signature 'sig' is not valid base64");
  }

  @Test
  void rejectsAShortSignature() {
    rejecting(VALID.replace(SIG, "A".repeat(42) + "%3D%3D"))
        .hasMessage("token signature is 31 bytes, expected 32");
  }

  @Test
  void rejectsALongSignature() {
    rejecting(VALID.replace(SIG, "A".repeat(48)))
        .hasMessage("token signature is 36 bytes, expected 32");
  }

  @Test
  void rejectsBrokenPercentEncodingInTheSignature() {
    rejecting(VALID.replace(SIG, SIG.replace("%3D", "%3")))
        .hasMessage("token signature 'sig' is not valid percent-encoding");
  }

  @Test
  void rejectsBrokenPercentEncodingInTheResource() {
    rejecting(VALID.replace("localhost%3A8443", "localhost%G18443"))
        .hasMessage("token resource 'sr' is not valid percent-encoded UTF-8");
  }

  @Test
  void rejectsPercentEncodedInvalidUtf8InTheResource() {
    rejecting(VALID.replace("localhost%3A8443", "localhost%C0%AF"))
        .hasMessage("token resource 'sr' is not valid percent-encoded UTF-8");
  }

  @Test
  void reasonsNeverContainTheSignature() {
    String header = VALID.replace("&se=1700000000", "&se=x");

    rejecting(header).message().doesNotContain(SIG).doesNotContain("AAAAAAAA");
  }
}
