package io.devstreams.hub.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HubSettingsTest {

  private final Map<String, String> values = new HashMap<>();

  private HubSettings read() {
    return HubSettings.read(new SettingsReader(key -> Optional.ofNullable(values.get(key))));
  }

  @Test
  void acceptsTheDefaults() {
    HubSettings settings = read();

    assertThat(settings.dataDir()).isEmpty();
    assertThat(settings.publicHost()).isEqualTo("localhost:8443");
    assertThat(settings.authSettings().maxTokenLifetime()).isEqualTo(Duration.ofHours(24));
    assertThat(settings.maxBodyBytes()).isEqualTo(65536);
    assertThat(settings.pageSize()).isEqualTo(100);
    assertThat(settings.maxPageSize()).isEqualTo(1000);
    assertThat(settings.controlMaxPerAddress()).isEqualTo(1000);
    assertThat(settings.httpRequestTimeoutSeconds()).isEqualTo(30);
    assertThat(settings.deviceCertPort()).isZero();
  }

  @Test
  void theDeviceCertificateListenerDefaultsToThePublicHostNameWithItsPort() {
    values.put(HubSettings.DEVICE_CERT_PORT, "8444");

    HubSettings settings = read();

    assertThat(settings.deviceCertificateListener().publicHost()).isEqualTo("localhost:8444");
    assertThat(settings.deviceCertificateListener().isOn(8444)).isTrue();
    assertThat(settings.deviceCertificateListener().isOn(8443)).isFalse();
  }

  @Test
  void noDeviceCertificateListenerMatchesNoPort() {
    assertThat(read().deviceCertificateListener().isOn(0)).isFalse();
  }

  @Test
  void refusesABadDeviceCertificateHost() {
    values.put(HubSettings.DEVICE_CERT_PORT, "8444");
    values.put(HubSettings.DEVICE_CERT_PUBLIC_HOST, "https://x");

    assertThatThrownBy(this::read)
        .hasMessage("devstreams.device-cert.public-host must be host[:port] (got 'https://x')");
  }

  @Test
  void blankDataDirMeansNone() {
    values.put(HubSettings.DATA_DIR, " ");

    assertThat(read().dataDir()).isEmpty();
  }

  @Test
  void dataDirIsAPath() {
    values.put(HubSettings.DATA_DIR, "/var/lib/devstreams");

    assertThat(read().dataDir()).contains(Path.of("/var/lib/devstreams"));
  }

  @Test
  void refusesANonPositiveTokenLifetime() {
    values.put(HubSettings.SAS_MAX_LIFETIME, "PT0S");

    assertThatThrownBy(this::read)
        .hasMessage(
            "devstreams.sas.max-lifetime must be a positive ISO-8601 duration (got 'PT0S')");
  }

  @Test
  void refusesATokenLifetimeAboveTheCap() {
    values.put(HubSettings.SAS_MAX_LIFETIME, "PT720H1S");

    assertThatThrownBy(this::read)
        .hasMessage("devstreams.sas.max-lifetime must be at most PT720H (got 'PT720H1S')");
  }

  @Test
  void acceptsATokenLifetimeAtTheCap() {
    values.put(HubSettings.SAS_MAX_LIFETIME, "P30D");

    assertThat(read().sasMaxLifetime()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void refusesAControlConnectionLimitBelowOne() {
    values.put(HubSettings.CONTROL_MAX_PER_ADDRESS, "0");

    assertThatThrownBy(this::read)
        .isInstanceOf(SettingException.class)
        .hasMessage("devstreams.control.max-per-address must be at least 1 (got '0')");
  }

  @Test
  void refusesARequestTimeoutOfZeroOrAboveAnHour() {
    for (int seconds : new int[] {0, -5, 3601}) {
      values.put(HubSettings.HTTP_REQUEST_TIMEOUT_SECONDS, Integer.toString(seconds));

      assertThatThrownBy(this::read)
          .isInstanceOf(SettingException.class)
          .hasMessage(
              "devstreams.http.request-timeout-seconds must be 1 to 3600 seconds (got '%d')",
              seconds);
    }
  }

  @Test
  void acceptsARequestTimeoutOfOneSecondAndOfAnHour() {
    for (int seconds : new int[] {1, 3600}) {
      values.put(HubSettings.HTTP_REQUEST_TIMEOUT_SECONDS, Integer.toString(seconds));

      assertThat(read().httpRequestTimeoutSeconds()).isEqualTo(seconds);
    }
  }

  @Test
  void acceptsAControlConnectionLimitOfOne() {
    values.put(HubSettings.CONTROL_MAX_PER_ADDRESS, "1");

    assertThat(read().controlMaxPerAddress()).isEqualTo(1);
  }

  @Test
  void refusesAPageSizeAboveTheMaximum() {
    values.put(HubSettings.PAGE_SIZE, "1001");

    assertThatThrownBy(this::read).hasMessageContaining("devstreams.api.page-size");
  }

  @Test
  void refusesAPublicHostWithAScheme() {
    values.put(HubSettings.PUBLIC_HOST, "https://hub.example");

    assertThatThrownBy(this::read).hasMessageContaining("devstreams.public-host");
  }

  @Test
  void refusesAPortThatIsNoNumberNamingTheKey() {
    values.put(HubSettings.DEVICE_CERT_PORT, "eight");

    assertThatThrownBy(this::read)
        .isInstanceOf(SettingException.class)
        .hasMessage("devstreams.device-cert.port must be a whole number (got 'eight')");
  }
}
