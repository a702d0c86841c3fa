package io.devstreams.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.devstreams.hub.settings.ControlSettings;
import io.devstreams.hub.settings.HubSettings;
import io.devstreams.hub.settings.Settings;
import io.devstreams.hub.settings.SettingsReader;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartupGuardTest {

  @Test
  void reasonIsTheHubsOwnMessageUnderAContainerWrapper() {
    Throwable invalid = catchThrowable(() -> read(Map.of(HubSettings.SAS_MAX_LIFETIME, "-PT1H")));

    String reason = StartupGuard.reason(new RuntimeException("WELD-000049: wrapped", invalid));

    assertThat(reason).startsWith(HubSettings.SAS_MAX_LIFETIME + " must be a positive");
  }

  @Test
  void reasonOfABadSettingIsItsOneLine() {
    Throwable invalid =
        catchThrowable(() -> read(Map.of(ControlSettings.HEARTBEAT_TIMEOUT, "sixty seconds")));

    String reason = StartupGuard.reason(new RuntimeException("WELD-000049: wrapped", invalid));

    assertThat(reason)
        .isEqualTo(
            "devstreams.control.heartbeat-timeout must be an ISO-8601 duration such as PT30S"
                + " (got 'sixty seconds')");
  }

  private static Settings read(Map<String, String> values) {
    return Settings.read(new SettingsReader(key -> Optional.ofNullable(values.get(key))));
  }

  @Test
  void databaseFailureNamesTheDatabaseAndTheDriversMessage() {
    SQLException driver = new SQLException("File corrupted while reading record: null [90030]");
    Throwable wrapped =
        new RuntimeException(
            "Exception [EclipseLink-4002]",
            new IllegalStateException("Internal Exception", driver));

    assertThat(StartupGuard.reason(wrapped))
        .isEqualTo(
            "cannot open the registry database: File corrupted while reading record: null"
                + " [90030]");
  }

  @Test
  void otherwiseTheInnermostExceptionWithItsType() {
    Throwable wrapped =
        new RuntimeException("outer", new java.io.UncheckedIOException(new java.io.IOException()));

    assertThat(StartupGuard.reason(wrapped)).isEqualTo("IOException");
  }

  @Test
  void reasonIsOneShortLine() {
    Throwable multiLine = new RuntimeException("first line\nsecond line");
    Throwable long_ = new RuntimeException("x".repeat(1000));

    assertThat(StartupGuard.reason(multiLine)).isEqualTo("RuntimeException: first line");
    assertThat(StartupGuard.reason(long_))
        .hasSizeLessThan(320)
        .endsWith("...")
        .doesNotContain("\n");
  }
}
