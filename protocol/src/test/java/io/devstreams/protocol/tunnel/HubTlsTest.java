package io.devstreams.protocol.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubTlsTest {

  @TempDir Path dir;

  @Test
  void trustsTheCertificateOfAKeytoolMadePemFile() throws Exception {
    TestCertificates certificates = TestCertificates.create(dir);

    assertThat(HubTls.certificates(certificates.pem()))
        .singleElement()
        .satisfies(
            c ->
                assertThat(((X509Certificate) c).getSubjectX500Principal().getName())
                    .contains("CN=localhost"));
    assertThat(HubTls.sslContext(certificates.pem()).getProtocol()).isEqualTo("TLS");
  }

  @Test
  void usesTheJdkDefaultContextWithoutAFile() throws Exception {
    assertThat(HubTls.sslContext(null)).isSameAs(SSLContext.getDefault());
  }

  @Test
  void missingFileIsAOneLineError() {
    Path missing = dir.resolve("nope.pem");

    assertThatThrownBy(() -> HubTls.sslContext(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trust certificate file '" + missing + "' does not exist");
  }

  @Test
  void directoryIsRefused() {
    assertThatThrownBy(() -> HubTls.sslContext(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trust certificate file '" + dir + "' is a directory");
  }

  @Test
  void unreadableFileIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("locked.pem"), "x");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    org.junit.jupiter.api.Assumptions.assumeFalse(
        Files.isReadable(file), "running as root: every file is readable");

    assertThatThrownBy(() -> HubTls.sslContext(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trust certificate file '" + file + "' is not readable (permission denied)");
  }

  @Test
  void emptyFileHoldsNoCertificate() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");

    assertThatThrownBy(() -> HubTls.sslContext(empty))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trust certificate file '" + empty + "' holds no PEM certificate");
  }

  @Test
  void textThatIsNotACertificateIsRefused() throws Exception {
    Path text = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n");

    assertThatThrownBy(() -> HubTls.sslContext(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trust certificate file '" + text + "' holds no PEM certificate");
  }
}
