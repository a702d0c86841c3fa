package io.devstreams.hub.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the values of declared settings from a source (MicroProfile Config in the hub, a map in
 * tests), with the declared default where the source has none: a blank value counts as none. A
 * value that does not parse fails with a {@link SettingException} naming the key.
 */
public final class SettingsReader {

  /** A reader that finds nothing, so that every setting has its default. */
  public static final SettingsReader DEFAULTS = new SettingsReader(key -> Optional.empty());

  private final Function<String, Optional<String>> source;
  private final Map<String, Setting> declared;

  /** Creates a reader of {@code source}, which returns the raw value of a key, if it has one. */
  public SettingsReader(Function<String, Optional<String>> source) {
    this.source = source;
    this.declared =
        Settings.all().stream().collect(Collectors.toUnmodifiableMap(Setting::key, s -> s));
  }

  /** Reads an ISO-8601 duration such as {@code PT20S}. */
  public Duration duration(String key) {
    String raw = raw(key);
    try {
      return Duration.parse(raw);
    } catch (DateTimeParseException e) {
      throw bad(key, "an ISO-8601 duration such as PT30S", raw);
    }
  }

  /** Reads a whole number that fits an {@code int}. */
  public int integer(String key) {
    String raw = raw(key);
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw bad(key, "a whole number", raw);
    }
  }

  /** Reads a whole number that fits a {@code long}. */
  public long longInteger(String key) {
    String raw = raw(key);
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw bad(key, "a whole number", raw);
    }
  }

  /** Reads a finite decimal number. */
  public double decimal(String key) {
    String raw = raw(key);
    try {
      double value = Double.parseDouble(raw);
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(key, "a number", raw);
  }

  /** Reads a text. */
  public String text(String key) {
    return raw(key);
  }

  /** Reads a text that may be unset. */
  public Optional<String> optionalText(String key) {
    return Optional.ofNullable(rawOrNull(key));
  }

  private String raw(String key) {
    String value = rawOrNull(key);
    if (value == null) {
      throw new SettingException(key + " must be set");
    }
    return value;
  }

  private String rawOrNull(String key) {
    Setting setting = declared.get(key);
    if (setting == null) {
      throw new IllegalStateException("undeclared setting " + key + ": declare it in Settings");
    }
    return source
        .apply(key)
        .map(String::strip)
        .filter(value -> !value.isEmpty())
        .orElse(setting.defaultValue());
  }

  private static SettingException bad(String key, String expected, String raw) {
    return new SettingException(key + " must be " + expected + " (got '" + raw + "')");
  }
}
