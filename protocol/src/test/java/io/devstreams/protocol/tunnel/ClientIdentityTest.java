package io.devstreams.protocol.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.tunnel.TestCertificates.DeviceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientIdentityTest {

  @TempDir Path dir;

  @Test
  void loadsACertificateAndItsPkcs8Key() throws Exception {
    DeviceFiles files = TestCertificates.device(dir, "dev1", "-1d", 3);

    ClientIdentity identity = ClientIdentity.load(files.certificatePem(), files.keyPem());

    assertThat(identity.certificates()).containsExactly(files.certificate());
    assertThat(identity.keyManagers()).isNotEmpty();
    assertThat(identity.toString()).contains("CN=dev1").doesNotContain("BEGIN");
  }

  @Test
  void refusesAKeyOfAnotherCertificate() throws Exception {
    DeviceFiles one = TestCertificates.device(dir, "one", "-1d", 3);
    DeviceFiles two = TestCertificates.device(dir, "two", "-1d", 3);

    assertThatThrownBy(() -> ClientIdentity.load(one.certificatePem(), two.keyPem()))
        .hasMessage(
            "key file '"
                + two.keyPem()
                + "' does not hold the private key of '"
                + one.certificatePem()
                + "'");
  }

  @Test
  void namesTheConversionForAnOlderKeyFormat() throws Exception {
    DeviceFiles files = TestCertificates.device(dir, "dev1", "-1d", 3);
    Path sec1 = dir.resolve("ec.pem");
    Files.writeString(
        sec1, "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n");

    assertThatThrownBy(() -> ClientIdentity.load(files.certificatePem(), sec1))
        .hasMessage(
            "key file '"
                + sec1
                + "' holds a 'EC PRIVATE KEY', not an unencrypted PKCS#8 'PRIVATE KEY'; convert it"
                + " with: openssl pkcs8 -topk8 -nocrypt -in "
                + sec1
                + " -out key-pkcs8.pem");
  }

  @Test
  void namesAMissingFile() throws Exception {
    DeviceFiles files = TestCertificates.device(dir, "dev1", "-1d", 3);
    Path missing = dir.resolve("missing.pem");

    assertThatThrownBy(() -> ClientIdentity.load(files.certificatePem(), missing))
        .hasMessage("key file '" + missing + "' does not exist");
    assertThatThrownBy(() -> ClientIdentity.load(missing, files.keyPem()))
        .hasMessage("certificate file '" + missing + "' does not exist");
  }

  @Test
  void refusesAFileWithoutAKey() throws Exception {
    DeviceFiles files = TestCertificates.device(dir, "dev1", "-1d", 3);

    assertThatThrownBy(() -> ClientIdentity.load(files.certificatePem(), files.certificatePem()))
        .hasMessage(
            "key file '"
                + files.certificatePem()
                + "' holds a 'CERTIFICATE', not an unencrypted PKCS#8 'PRIVATE KEY'; convert it"
                + " with: openssl pkcs8 -topk8 -nocrypt -in "
                + files.certificatePem()
                + " -out key-pkcs8.pem");
  }
}
