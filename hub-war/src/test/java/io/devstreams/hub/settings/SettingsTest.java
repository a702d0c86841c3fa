package io.devstreams.hub.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The settings model as a whole: every key declared once, read with its default, checked. */
class SettingsTest {

  private final Map<String, String> values = new HashMap<>();

  private Settings read() {
    return Settings.read(new SettingsReader(key -> Optional.ofNullable(values.get(key))));
  }

  @Test
  void everyKeyIsDeclaredOnce() {
    List<String> keys = Settings.all().stream().map(Setting::key).toList();

    assertThat(keys).doesNotHaveDuplicates().allMatch(key -> key.startsWith("devstreams."));
  }

  @Test
  void theDefaultsAreAValidModel() {
    Settings settings = read();

    assertThat(settings.control().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(settings.streams().limits().maxPerDevice()).isEqualTo(64);
    assertThat(settings.mux().streamWindow()).isEqualTo(4L << 20);
    assertThat(settings.console().maxFeeds()).isEqualTo(200);
    assertThat(settings.audit().retention()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void aValueFromTheSourceWinsOverTheDefault() {
    values.put(ControlSettings.HEARTBEAT_TIMEOUT, "PT90S");
    values.put(StreamLimits.RATE, "2.5");

    Settings settings = read();

    assertThat(settings.control().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.streams().limits().ratePerIdentity()).isEqualTo(2.5);
  }

  @Test
  void aBadValueOfAnyKeyIsRefusedInOneLineNamingTheKey() {
    for (Setting setting : Settings.all()) {
      if (setting.key().equals(HubSettings.DATA_DIR) || setting.key().equals(HubSettings.DB_URL)) {
        continue; // any path is a directory name; Payara reads the URL
      }
      values.clear();
      values.put(setting.key(), "no good?");

      assertThatThrownBy(this::read)
          .as(setting.key())
          .isInstanceOf(SettingException.class)
          .hasMessageStartingWith(setting.key() + " must be ")
          .hasMessageContaining("(got 'no good?')")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void aHeartbeatTimeoutThatIsNoDurationIsRefused() {
    values.put(ControlSettings.HEARTBEAT_TIMEOUT, "60");

    assertThatThrownBy(this::read)
        .isInstanceOf(SettingException.class)
        .hasMessage(
            "devstreams.control.heartbeat-timeout must be an ISO-8601 duration such as PT30S"
                + " (got '60')");
  }

  @Test
  void aHeartbeatTimeoutNotLongerThanThePingIsRefused() {
    values.put(ControlSettings.HEARTBEAT_TIMEOUT, "PT20S");

    assertThatThrownBy(this::read)
        .isInstanceOf(SettingException.class)
        .hasMessage(
            "devstreams.control.heartbeat-timeout must be longer than"
                + " devstreams.control.ping-interval (PT20S) (got 'PT20S')");
  }

  @Test
  void aV2WindowBelowOneFrameIsRefused() {
    values.put(MuxSettings.STREAM_WINDOW, "1024");

    assertThatThrownBy(this::read)
        .isInstanceOf(SettingException.class)
        .hasMessageStartingWith("devstreams.v2.stream-window must be from ")
        .hasMessageEndingWith(" bytes (got '1024')");
  }

  @Test
  void aRateThatIsNotFiniteIsRefused() {
    values.put(StreamLimits.RATE, "Infinity");

    assertThatThrownBy(this::read)
        .isInstanceOf(SettingException.class)
        .hasMessage("devstreams.streams.rate-per-identity must be a number (got 'Infinity')");
  }

  @Test
  void aBlankValueMeansTheDefault() {
    values.put(ConsoleSettings.MAX_SESSIONS, "  ");

    assertThat(read().console().maxSessions()).isEqualTo(1000);
  }

  @Test
  void theWarsOwnConfigFileHoldsOnlyDeclaredDefaults() throws IOException {
    Properties file = new Properties();
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
      file.load(in);
    }
    Map<String, String> declared = new HashMap<>();
    Settings.all().forEach(s -> declared.put(s.key(), s.defaultValue()));

    assertThat(file.stringPropertyNames()).isNotEmpty();
    for (String key : file.stringPropertyNames()) {
      assertThat(file.getProperty(key)).as(key).isEqualTo(declared.get(key));
    }
  }

  @Test
  void readingAnUndeclaredKeyIsAProgrammingError() {
    assertThatThrownBy(() -> SettingsReader.DEFAULTS.text("devstreams.no-such-key"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("undeclared");
  }
}
