package io.devstreams.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.tunnel.TestCertificates;
import io.devstreams.protocol.tunnel.TestCertificates.DeviceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemIdentityTest {

  @TempDir Path dir;

  @Test
  void readsTheCertificateAndItsKey() throws Exception {
    DeviceFiles hub = TestCertificates.device(dir, "hub", "-1d", 90);

    PemIdentity identity = PemIdentity.read(hub.certificatePem(), hub.keyPem());

    assertThat(identity.chain()).containsExactly(hub.certificate());
    assertThat(identity.key().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void refusesAKeyThatIsNotTheCertificatesNamingBothFiles() throws Exception {
    DeviceFiles a = TestCertificates.device(dir, "a", "-1d", 90);
    DeviceFiles b = TestCertificates.device(dir, "b", "-1d", 90);

    assertThatThrownBy(() -> PemIdentity.read(a.certificatePem(), b.keyPem()))
        .hasMessage(
            "TLS key "
                + b.keyPem()
                + " is not the key of the certificate in "
                + a.certificatePem());
  }

  @Test
  void refusesMissingUnreadableAndWrongFilesInOneLineEach() throws Exception {
    DeviceFiles a = TestCertificates.device(dir, "a", "-1d", 90);
    Path missing = dir.resolve("missing.pem");
    Path encrypted =
        write(
            "enc.pem",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
    Path oldForm =
        write("ec.pem", "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
    Path garbage = write("garbage.pem", "not a certificate\n");

    assertThatThrownBy(() -> PemIdentity.read(missing, a.keyPem()))
        .hasMessage("TLS certificate " + missing + " does not exist");
    assertThatThrownBy(() -> PemIdentity.read(garbage, a.keyPem()))
        .hasMessage("TLS certificate " + garbage + " holds no PEM certificate");
    assertThatThrownBy(() -> PemIdentity.read(a.certificatePem(), encrypted))
        .hasMessageStartingWith("TLS key " + encrypted + " holds an encrypted key");
    assertThatThrownBy(() -> PemIdentity.read(a.certificatePem(), oldForm))
        .hasMessageContaining("older RSA/EC form")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    assertThatThrownBy(() -> PemIdentity.read(a.certificatePem(), dir))
        .hasMessage("TLS key " + dir + " is a directory");
    for (Path file : new Path[] {encrypted, oldForm, garbage}) {
      assertThatThrownBy(() -> PemIdentity.read(file, file))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }
}
