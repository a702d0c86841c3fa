package io.devstreams.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.tunnel.TestCertificates;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbprintsTest {

  @TempDir Path dir;

  @Test
  void isTheSha256FingerprintOpensslPrints() throws Exception {
    Path pem = TestCertificates.device(dir, "dev1", "-1d", 3).certificatePem();
    Process openssl =
        new ProcessBuilder(
                "openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", pem.toString())
            .redirectErrorStream(true)
            .start();
    String printed = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    X509Certificate certificate =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(java.nio.file.Files.readAllBytes(pem)));

    String thumbprint = Thumbprints.sha256(certificate);

    assertThat(thumbprint).hasSize(64).matches("[0-9A-F]+");
    assertThat(Thumbprints.normalize(printed)).isEqualTo(thumbprint);
  }

  @Test
  void normalizesCaseAndColons() {
    assertThat(Thumbprints.normalize("ab:".repeat(31) + "ab")).isEqualTo("AB".repeat(32));
    assertThat(Thumbprints.normalize(" " + "0f".repeat(32) + "\n")).isEqualTo("0F".repeat(32));
  }

  @Test
  void refusesWhatIsNotASha256Thumbprint() {
    assertThatThrownBy(() -> Thumbprints.normalize("AB".repeat(20)))
        .hasMessageStartingWith("is a SHA-1 thumbprint; devstreams takes SHA-256");
    assertThatThrownBy(() -> Thumbprints.normalize("ZZ".repeat(32)))
        .hasMessageStartingWith("must be a SHA-256 thumbprint of 64 hex digits");
    assertThatThrownBy(() -> Thumbprints.normalize("٣".repeat(64)))
        .hasMessageStartingWith("must be a SHA-256 thumbprint of 64 hex digits");
  }
}
