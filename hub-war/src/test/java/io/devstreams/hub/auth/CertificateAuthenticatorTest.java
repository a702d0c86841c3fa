package io.devstreams.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.Thumbprints;
import io.devstreams.protocol.tunnel.TestCertificates;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthenticatorTest {

  @TempDir static Path dir;

  private static X509Certificate primary;
  private static X509Certificate secondary;
  private static X509Certificate other;

  private final Map<String, DeviceCredentials> devices = new HashMap<>();
  private final CertificateAuthenticator authenticator =
      new CertificateAuthenticator(id -> Optional.ofNullable(devices.get(id)));

  @BeforeAll
  static void certificates() throws Exception {
    primary = TestCertificates.device(dir, "primary", "-1d", 3).certificate();
    secondary = TestCertificates.device(dir, "secondary", "-1d", 3).certificate();
    other = TestCertificates.device(dir, "other", "-1d", 3).certificate();
  }

  CertificateAuthenticatorTest() {
    List<String> both = List.of(Thumbprints.sha256(primary), Thumbprints.sha256(secondary));
    devices.put("dev1", new DeviceCredentials("dev1", true, null, null, both));
    devices.put("off", new DeviceCredentials("off", false, null, null, both));
    devices.put("keys", new DeviceCredentials("keys", true, "a2V5", "a2V5"));
  }

  private Principal authenticate(X509Certificate certificate, String deviceId) {
    return authenticator.authenticateDevice(
        certificate == null ? null : new X509Certificate[] {certificate},
        List.of(),
        deviceId,
        "127.0.0.1");
  }

  @Test
  void acceptsTheDevicesPrimaryOrSecondaryCertificate() {
    assertThat(authenticate(primary, "dev1").name()).isEqualTo("dev1");
    assertThat(authenticate(secondary, "dev1").rights()).containsExactly(Right.DEVICE_CONNECT);
  }

  @Test
  void refusesEveryOtherCaseWithTheSameAnswer() {
    for (Runnable attempt :
        List.<Runnable>of(
            () -> authenticate(other, "dev1"),
            () -> authenticate(primary, "off"),
            () -> authenticate(primary, "keys"),
            () -> authenticate(primary, "nobody"),
            () -> authenticate(null, "dev1"),
            () ->
                authenticator.authenticateDevice(
                    new X509Certificate[] {primary},
                    List.of("SharedAccessSignature sr=x"),
                    "dev1",
                    "127.0.0.1"))) {
      assertThatThrownBy(attempt::run)
          .isInstanceOfSatisfying(
              HubException.class,
              e -> assertThat(e.kind()).isEqualTo(HubException.Kind.UNAUTHORIZED))
          .hasMessage(HubException.INVALID_CREDENTIALS);
    }
  }

  @Test
  void theIndexKnowsRegisteredCertificatesThroughChanges() throws Exception {
    DeviceCertificateIndex index = new DeviceCertificateIndex();
    index.put("dev1", List.of(Thumbprints.sha256(primary)));
    index.put("dev2", List.of(Thumbprints.sha256(primary), Thumbprints.sha256(secondary)));

    index.check(primary);
    index.check(secondary);
    assertThatThrownBy(() -> index.check(other))
        .isInstanceOf(CertificateException.class)
        .hasMessage(
            "no device is registered with certificate thumbprint " + Thumbprints.sha256(other));

    index.put("dev2", List.of());
    index.check(primary);
    assertThat(index.isRegistered(Thumbprints.sha256(secondary))).isFalse();
    index.put("dev1", List.of(Thumbprints.sha256(other)));
    assertThat(index.isRegistered(Thumbprints.sha256(primary))).isFalse();
    assertThat(index.isRegistered(Thumbprints.sha256(other))).isTrue();
  }
}
