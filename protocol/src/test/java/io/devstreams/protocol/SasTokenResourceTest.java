package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SasTokenResourceTest {

  private static final String SIG = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%3D";
  private static final String DEV1 = "localhost:8443/devices/dev1";

  private static SasToken withRawResource(String sr) {
    return SasToken.parse("SharedAccessSignature sr=" + sr + "&sig=" + SIG + "&se=1700000000");
  }

  private static SasToken forResource(String resource) {
    return SasToken.parse(SasToken.create(resource, new byte[] {1, 2, 3}, 1700000000L, null));
  }

  @Test
  void matchesTheExactResource() {
    assertThat(forResource(DEV1).isForResource(DEV1)).isTrue();
  }

  @Test
  void matchesAnUnencodedResource() {
    assertThat(withRawResource(DEV1).isForResource(DEV1)).isTrue();
  }

  @Test
  void matchesTheHostIgnoringAsciiCase() {
    assertThat(forResource("LocalHost:8443/devices/dev1").isForResource(DEV1)).isTrue();
  }

  @Test
  void doesNotMatchADeviceIdInAnotherCase() {
    assertThat(forResource("localhost:8443/devices/DEV1").isForResource(DEV1)).isFalse();
  }

  @Test
  void doesNotMatchTheDevicesSegmentInAnotherCase() {
    assertThat(forResource("localhost:8443/Devices/dev1").isForResource(DEV1)).isFalse();
  }

  @Test
  void tokenForDev1IsNotForDev10() {
    assertThat(forResource(DEV1).isForResource("localhost:8443/devices/dev10")).isFalse();
  }

  @Test
  void tokenForDev10IsNotForDev1() {
    assertThat(forResource("localhost:8443/devices/dev10").isForResource(DEV1)).isFalse();
  }

  @Test
  void dotSegmentsAreNotResolved() {
    SasToken token = forResource("localhost:8443/devices/dev1/../dev2");

    assertThat(token.isForResource("localhost:8443/devices/dev2")).isFalse();
    assertThat(token.isForResource(DEV1)).isFalse();
  }

  @Test
  void encodedSlashesWithDotSegmentsAreNotResolved() {
    SasToken token = withRawResource("localhost%3A8443%2Fdevices%2Fdev1%2F..%2Fdev2");

    assertThat(token.isForResource("localhost:8443/devices/dev2")).isFalse();
    assertThat(token.isForResource(DEV1)).isFalse();
  }

  @Test
  void doubleEncodedSlashIsNotDecodedTwice() {
    SasToken token = withRawResource("localhost%3A8443%2Fdevices%2Fdev1%252Fx");

    assertThat(token.resource()).isEqualTo("localhost:8443/devices/dev1%2Fx");
    assertThat(token.isForResource("localhost:8443/devices/dev1/x")).isFalse();
    assertThat(token.isForResource(DEV1)).isFalse();
  }

  @Test
  void encodedSlashInsideTheDeviceIdDoesNotMatchAnotherDevice() {
    SasToken token = withRawResource("localhost%3A8443%2Fdevices%2Fdev1%2Fdev2");

    assertThat(token.isForResource("localhost:8443/devices/dev2")).isFalse();
  }

  @Test
  void trailingSlashDoesNotMatch() {
    assertThat(forResource(DEV1 + "/").isForResource(DEV1)).isFalse();
  }

  @Test
  void extraPathDoesNotMatch() {
    assertThat(forResource(DEV1 + "/streams").isForResource(DEV1)).isFalse();
  }

  @Test
  void policyTokenForTheHostIsNotForADevice() {
    assertThat(forResource("localhost:8443").isForResource(DEV1)).isFalse();
  }

  @Test
  void deviceTokenIsNotForTheHost() {
    assertThat(forResource(DEV1).isForResource("localhost:8443")).isFalse();
  }

  @Test
  void anotherHostDoesNotMatch() {
    assertThat(forResource("evil:8443/devices/dev1").isForResource(DEV1)).isFalse();
  }

  @Test
  void anotherPortDoesNotMatch() {
    assertThat(forResource("localhost:9443/devices/dev1").isForResource(DEV1)).isFalse();
  }

  @Test
  void unicodeCaseFoldingDoesNotMatchTheHost() {
    SasToken token = withRawResource("%E2%84%AAub%2Fdevices%2Fdev1");

    assertThat(token.resource()).startsWith("\u212Aub/");
    assertThat(token.isForResource("kub/devices/dev1")).isFalse();
  }

  @Test
  void plusIsNotDecodedAsSpace() {
    assertThat(withRawResource("localhost+8443").resource()).isEqualTo("localhost+8443");
  }
}
