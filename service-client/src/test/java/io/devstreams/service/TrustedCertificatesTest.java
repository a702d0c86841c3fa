package io.devstreams.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedCertificatesTest {

  @TempDir static Path dir;
  private static TestCertificates hub;

  @BeforeAll
  static void makeCertificate() throws Exception {
    hub = TestCertificates.create(dir, "hub");
  }

  @Test
  void loadsTheCertificateKeytoolExportedAsPem() {
    assertThat(TrustedCertificates.load(hub.pem()))
        .singleElement()
        .satisfies(
            c ->
                assertThat(((X509Certificate) c).getSubjectX500Principal().getName())
                    .contains("CN=localhost"));
  }

  @Test
  void loadsEveryCertificateOfABundle() throws Exception {
    TestCertificates other = TestCertificates.create(dir, "other");
    Path bundle = dir.resolve("bundle.pem");
    Files.writeString(bundle, Files.readString(hub.pem()) + Files.readString(other.pem()));

    assertThat(TrustedCertificates.load(bundle)).hasSize(2);
  }

  @Test
  void buildsATlsContextFromAPemFile() {
    SSLContext context = TrustedCertificates.sslContext(hub.pem());

    assertThat(context.getProtocol()).isEqualTo("TLS");
    assertThat(context).isNotSameAs(TrustedCertificates.sslContext(null));
  }

  @Test
  void withoutAFileUsesTheJdkDefault() throws Exception {
    assertThat(TrustedCertificates.sslContext(null)).isSameAs(SSLContext.getDefault());
  }

  @Test
  void missingFileIsNamed() {
    Path missing = dir.resolve("missing.pem");

    assertThatThrownBy(() -> TrustedCertificates.sslContext(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trust certificate file '" + missing + "' does not exist");
  }

  @Test
  void directoryIsRefused() {
    assertThatThrownBy(() -> TrustedCertificates.sslContext(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trust certificate file '" + dir + "' is a directory");
  }

  @Test
  void fileWithoutACertificateIsRefused() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");

    assertThatThrownBy(() -> TrustedCertificates.sslContext(text))
        .hasMessage("trust certificate file '" + text + "' does not hold a PEM certificate");
    assertThatThrownBy(() -> TrustedCertificates.sslContext(empty))
        .hasMessage("trust certificate file '" + empty + "' does not hold a PEM certificate");
  }

  @Test
  void privateKeyInsteadOfCertificateIsRefused() throws Exception {
    Path key =
        Files.writeString(
            dir.resolve("key.pem"),
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIBm1lV3Q==\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> TrustedCertificates.sslContext(key))
        .hasMessage("trust certificate file '" + key + "' does not hold a PEM certificate");
  }

  @Test
  void unreadableFileIsRefused() throws Exception {
    Path locked = Files.copy(hub.pem(), dir.resolve("locked.pem"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(locked), "root reads any file");

    assertThatThrownBy(() -> TrustedCertificates.sslContext(locked))
        .hasMessage("trust certificate file '" + locked + "' is not readable (permission denied)");
  }
}
