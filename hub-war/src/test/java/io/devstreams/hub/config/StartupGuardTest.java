package io.devstreams.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartupGuardTest {

  @Test
  void reasonIsTheHubsOwnMessageUnderAContainerWrapper() {
    HubSettings settings = new HubSettings();
    settings.dataDir = Optional.empty();
    settings.publicHost = "localhost:8443";
    settings.sasMaxLifetime = Duration.ofHours(-1);
    settings.maxBodyBytes = 65536;
    settings.pageSize = 100;
    settings.maxPageSize = 1000;
    Throwable invalid = catchThrowable(settings::validate);

    String reason = StartupGuard.reason(new RuntimeException("WELD-000049: wrapped", invalid));

    assertThat(reason).startsWith(HubSettings.SAS_MAX_LIFETIME + " must be a positive");
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
