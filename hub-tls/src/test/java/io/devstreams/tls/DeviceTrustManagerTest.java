package io.devstreams.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.protocol.tunnel.TestCertificates;
import java.nio.file.Path;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceTrustManagerTest {

  @TempDir Path dir;

  private final List<X509Certificate> checked = new ArrayList<>();
  private int made;
  private final DeviceTrustManager trust = new DeviceTrustManager(Clock.systemUTC());

  @AfterEach
  void uninstall() {
    DeviceCertificates.uninstall();
  }

  private X509Certificate certificate(String start, int days) throws Exception {
    return TestCertificates.device(dir, "dev" + made++, start, days).certificate();
  }

  private void acceptOnly(X509Certificate accepted) {
    DeviceCertificates.install(
        c -> {
          checked.add(c);
          if (!c.equals(accepted)) {
            throw new CertificateException("not registered");
          }
        });
  }

  @Test
  void acceptsACertificateTheHubAcceptsWithinItsValidity() throws Exception {
    X509Certificate device = certificate("-1d", 3);
    acceptOnly(device);

    trust.checkClientTrusted(new X509Certificate[] {device}, "EC", (javax.net.ssl.SSLEngine) null);

    assertThat(checked).containsExactly(device);
  }

  @Test
  void refusesACertificateTheHubDoesNotKnow() throws Exception {
    X509Certificate device = certificate("-1d", 3);
    acceptOnly(certificate("-1d", 3));

    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {device}, "EC"))
        .hasMessage("not registered");
  }

  @Test
  void refusesAnExpiredCertificateBeforeAskingTheHub() throws Exception {
    X509Certificate expired = certificate("-3d", 1);
    acceptOnly(expired);

    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {expired}, "EC"))
        .isInstanceOf(CertificateExpiredException.class)
        .hasMessageStartingWith("certificate expired on ");
    assertThat(checked).isEmpty();
  }

  @Test
  void refusesACertificateNotValidYet() throws Exception {
    X509Certificate future = certificate("+2d", 3);
    acceptOnly(future);

    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {future}, "EC"))
        .isInstanceOf(CertificateNotYetValidException.class)
        .hasMessageStartingWith("certificate not valid before ");
  }

  @Test
  void refusesEverythingUntilTheHubInstallsItsCheck() throws Exception {
    X509Certificate device = certificate("-1d", 3);

    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[] {device}, "EC"))
        .hasMessage("the hub is not ready for device certificates yet");
  }

  @Test
  void refusesNoCertificateAndEveryServerCheck() throws Exception {
    assertThatThrownBy(() -> trust.checkClientTrusted(new X509Certificate[0], "EC"))
        .hasMessage("no client certificate");
    X509Certificate device = certificate("-1d", 3);
    assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {device}, "EC"))
        .isInstanceOf(CertificateException.class);
    assertThat(trust.getAcceptedIssuers()).isEmpty();
  }

  @Test
  void theProviderOffersTheFactoryByName() throws Exception {
    DeviceTrustProvider.register();
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance(DeviceTrustProvider.ALGORITHM);
      factory.init((java.security.KeyStore) null);

      assertThat(factory.getTrustManagers()).singleElement().isInstanceOf(DeviceTrustManager.class);
    } finally {
      Security.removeProvider(DeviceTrustProvider.NAME);
    }
  }
}
