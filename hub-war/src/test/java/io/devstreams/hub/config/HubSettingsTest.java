package io.devstreams.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HubSettingsTest {

  private static HubSettings defaults() {
    HubSettings settings = new HubSettings();
    settings.dataDir = Optional.empty();
    settings.publicHost = "localhost:8443";
    settings.sasMaxLifetime = Duration.ofHours(24);
    settings.maxBodyBytes = 65536;
    settings.pageSize = 100;
    settings.maxPageSize = 1000;
    settings.controlMaxPerAddress = 1000;
    settings.httpRequestTimeoutSeconds = 30;
    settings.deviceCertPort = 0;
    settings.deviceCertPublicHost = Optional.empty();
    return settings;
  }

  @Test
  void acceptsTheDefaults() {
    HubSettings settings = defaults();

    settings.validate();

    assertThat(settings.dataDir()).isEmpty();
    assertThat(settings.authSettings().maxTokenLifetime()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void theDeviceCertificateListenerDefaultsToThePublicHostNameWithItsPort() {
    HubSettings settings = defaults();
    settings.deviceCertPort = 8444;

    settings.validate();

    assertThat(settings.deviceCertificateListener().publicHost()).isEqualTo("localhost:8444");
    assertThat(settings.deviceCertificateListener().isOn(8444)).isTrue();
    assertThat(settings.deviceCertificateListener().isOn(8443)).isFalse();
  }

  @Test
  void noDeviceCertificateListenerMatchesNoPort() {
    HubSettings settings = defaults();

    assertThat(settings.deviceCertificateListener().isOn(0)).isFalse();
  }

  @Test
  void refusesABadDeviceCertificateHost() {
    HubSettings settings = defaults();
    settings.deviceCertPort = 8444;
    settings.deviceCertPublicHost = Optional.of("https://x");

    assertThatThrownBy(settings::validate)
        .hasMessage("devstreams.device-cert.public-host must be host[:port] (got 'https://x')");
  }

  @Test
  void blankDataDirMeansNone() {
    HubSettings settings = defaults();
    settings.dataDir = Optional.of(" ");

    assertThat(settings.dataDir()).isEmpty();
  }

  @Test
  void dataDirIsAPath() {
    HubSettings settings = defaults();
    settings.dataDir = Optional.of("/var/lib/devstreams");

    assertThat(settings.dataDir()).contains(Path.of("/var/lib/devstreams"));
  }

  @Test
  void refusesANonPositiveTokenLifetime() {
    HubSettings settings = defaults();
    settings.sasMaxLifetime = Duration.ZERO;

    assertThatThrownBy(settings::validate)
        .hasMessage(
            "devstreams.sas.max-lifetime must be a positive ISO-8601 duration (got 'PT0S')");
  }

  @Test
  void refusesATokenLifetimeAboveTheCap() {
    HubSettings settings = defaults();
    settings.sasMaxLifetime = Duration.ofDays(30).plusSeconds(1);

    assertThatThrownBy(settings::validate)
        .hasMessage("devstreams.sas.max-lifetime must be at most PT720H (got 'PT720H1S')");
  }

  @Test
  void acceptsATokenLifetimeAtTheCap() {
    HubSettings settings = defaults();
    settings.sasMaxLifetime = Duration.ofDays(30);

    settings.validate();

    assertThat(settings.sasMaxLifetime()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void refusesAControlConnectionLimitBelowOne() {
    HubSettings settings = defaults();
    settings.controlMaxPerAddress = 0;

    assertThatThrownBy(settings::validate)
        .isInstanceOf(StartupException.class)
        .hasMessage("devstreams.control.max-per-address must be at least 1 (got '0')");
  }

  @Test
  void refusesARequestTimeoutOfZeroOrAboveAnHour() {
    for (int seconds : new int[] {0, -5, 3601}) {
      HubSettings settings = defaults();
      settings.httpRequestTimeoutSeconds = seconds;

      assertThatThrownBy(settings::validate)
          .isInstanceOf(StartupException.class)
          .hasMessage(
              "devstreams.http.request-timeout-seconds must be 1 to 3600 seconds (got '%d')",
              seconds);
    }
  }

  @Test
  void acceptsARequestTimeoutOfOneSecondAndOfAnHour() {
    for (int seconds : new int[] {1, 3600}) {
      HubSettings settings = defaults();
      settings.httpRequestTimeoutSeconds = seconds;

      settings.validate();
    }
  }

  @Test
  void acceptsAControlConnectionLimitOfOne() {
    HubSettings settings = defaults();
    settings.controlMaxPerAddress = 1;

    settings.validate();

    assertThat(settings.controlMaxPerAddress()).isEqualTo(1);
  }

  @Test
  void refusesAPageSizeAboveTheMaximum() {
    HubSettings settings = defaults();
    settings.pageSize = 1001;

    assertThatThrownBy(settings::validate).hasMessageContaining("devstreams.api.page-size");
  }

  @Test
  void refusesAPublicHostWithAScheme() {
    HubSettings settings = defaults();
    settings.publicHost = "https://hub.example";

    assertThatThrownBy(settings::validate).hasMessageContaining("devstreams.public-host");
  }
}
