package io.devstreams.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.ErrorCode;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DeviceSpecTest {

  private static String keyOf(int bytes) {
    return Base64.getEncoder().encodeToString(new byte[bytes]);
  }

  private static DeviceSpec spec(String id, String primary, String secondary) {
    return new DeviceSpec(id, DeviceStatus.ENABLED, null, AuthType.SAS, primary, secondary);
  }

  @Test
  void acceptsKeysOf16To64Bytes() {
    assertThat(spec("dev1", keyOf(16), keyOf(64)).primaryKey()).isEqualTo(keyOf(16));
  }

  @Test
  void acceptsMissingKeys() {
    assertThat(spec("dev1", null, null).secondaryKey()).isNull();
  }

  @Test
  void refusesKeyShorterThan16Bytes() {
    assertThatThrownBy(() -> spec("dev1", keyOf(15), null))
        .isInstanceOf(HubException.class)
        .hasMessage(
            "authentication.symmetricKey.primaryKey must decode to 16 to 64 bytes (got 15)");
  }

  @Test
  void refusesKeyLongerThan64Bytes() {
    assertThatThrownBy(() -> spec("dev1", null, keyOf(65)))
        .hasMessageContaining("secondaryKey must decode to 16 to 64 bytes (got 65)");
  }

  @Test
  void refusesKeyThatIsNotBase64WithoutQuotingIt() {
    assertThatThrownBy(() -> spec("dev1", "not*base64!secret", null))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ARGUMENT_INVALID))
        .hasMessage("authentication.symmetricKey.primaryKey is not valid base64")
        .message()
        .doesNotContain("secret");
  }

  @Test
  void refusesInvalidDeviceIdWithTheProtocolsMessage() {
    assertThatThrownBy(() -> spec("bad/id", null, null))
        .isInstanceOfSatisfying(
            HubException.class, e -> assertThat(e.kind()).isEqualTo(HubException.Kind.BAD_REQUEST))
        .hasMessageContaining("device id contains '/' at position 3");
  }

  @Test
  void refusesDeviceIdLongerThan128Characters() {
    assertThatThrownBy(() -> spec("a".repeat(129), null, null))
        .hasMessageContaining("longer than 128");
  }

  @Test
  void refusesStatusReasonLongerThan128Characters() {
    assertThatThrownBy(
            () ->
                new DeviceSpec(
                    "dev1", DeviceStatus.DISABLED, "x".repeat(129), AuthType.SAS, null, null))
        .hasMessage("statusReason is longer than 128 characters");
  }

  @Test
  void refusesAuthTypeNone() {
    assertThatThrownBy(
            () -> new DeviceSpec("dev1", DeviceStatus.ENABLED, null, AuthType.NONE, null, null))
        .hasMessage("authentication type 'none' is not supported; use 'sas' or 'selfSigned'");
  }

  @Test
  void selfSignedNeedsAPrimaryThumbprint() {
    assertThatThrownBy(
            () ->
                new DeviceSpec(
                    "dev1", DeviceStatus.ENABLED, null, AuthType.SELF_SIGNED, null, null))
        .hasMessage(
            "authentication.x509Thumbprint.primaryThumbprint is required for type 'selfSigned'");
  }

  @Test
  void selfSignedTakesNoKeys() {
    assertThatThrownBy(
            () ->
                new DeviceSpec(
                    "dev1",
                    DeviceStatus.ENABLED,
                    null,
                    AuthType.SELF_SIGNED,
                    keyOf(32),
                    null,
                    "AB".repeat(32),
                    null))
        .hasMessage(
            "authentication.symmetricKey is not used by this authentication type; leave it out");
  }

  @Test
  void refusesASha1ThumbprintWithAHint() {
    assertThatThrownBy(
            () ->
                new DeviceSpec(
                    "dev1",
                    DeviceStatus.ENABLED,
                    null,
                    AuthType.SELF_SIGNED,
                    null,
                    null,
                    "AB".repeat(20),
                    null))
        .hasMessageStartingWith(
            "authentication.x509Thumbprint.primaryThumbprint is a SHA-1 thumbprint; devstreams"
                + " takes SHA-256");
  }

  @Test
  void storesThumbprintsInCanonicalForm() {
    DeviceSpec spec =
        new DeviceSpec(
            "dev1",
            DeviceStatus.ENABLED,
            null,
            AuthType.SELF_SIGNED,
            null,
            null,
            "sha256 Fingerprint=" + "0a:".repeat(31) + "0a",
            null);

    assertThat(spec.primaryThumbprint()).isEqualTo("0A".repeat(32));
  }

  @Test
  void refusesUnknownStatus() {
    assertThatThrownBy(() -> DeviceStatus.fromWireName("Enabledx"))
        .hasMessage("status must be 'enabled' or 'disabled' (got 'Enabledx')");
  }

  @Test
  void readsStatusInAnyCaseLikeAzure() {
    assertThat(DeviceStatus.fromWireName("Enabled")).isEqualTo(DeviceStatus.ENABLED);
    assertThat(DeviceStatus.fromWireName("DISABLED")).isEqualTo(DeviceStatus.DISABLED);
  }

  @Test
  void neverShowsKeysInToString() {
    String key = keyOf(32).replace('A', 'k');

    assertThat(spec("dev1", key, key).toString()).doesNotContain(key);
  }
}
