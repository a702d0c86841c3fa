package io.devstreams.hub.settings;

import java.time.Duration;
import java.util.List;

/**
 * The web console's settings, validated when made. {@link #SETTINGS} gives each key's default and
 * meaning.
 *
 * @param sessionLifetime how long a sign-in lasts (from {@value #MIN_LIFETIME_TEXT} to {@value
 *     #MAX_LIFETIME_TEXT}); it is not extended by use
 * @param maxSessions how many sessions may exist at once; a new sign-in beyond ends the oldest
 * @param maxFeeds how many live feeds (open pages) may exist at once, hub-wide
 */
public record ConsoleSettings(Duration sessionLifetime, int maxSessions, int maxFeeds) {

  /** Key: how long a console sign-in lasts (ISO-8601 duration). */
  public static final String SESSION_LIFETIME = "devstreams.console.session-lifetime";

  /** Key: how many console sessions may exist at once. */
  public static final String MAX_SESSIONS = "devstreams.console.max-sessions";

  /** Key: how many live feeds (pages open on Devices or Streams) may exist at once. */
  public static final String MAX_FEEDS = "devstreams.console.max-live-feeds";

  /** These settings' keys, defaults and meanings. */
  static final List<Setting> SETTINGS =
      List.of(
          Setting.of(
              SESSION_LIFETIME,
              "PT1H",
              "how long a console sign-in lasts (PT1S to PT12H); use does not extend it"),
          Setting.of(
              MAX_SESSIONS,
              "1000",
              "console sessions at once; a new sign-in beyond ends the oldest"),
          Setting.of(
              MAX_FEEDS, "200", "Devices and Streams pages open at once, hub-wide (429 beyond)"));

  static final String MIN_LIFETIME_TEXT = "PT1S";
  static final String MAX_LIFETIME_TEXT = "PT12H";
  private static final Duration MAX_LIFETIME = Duration.parse(MAX_LIFETIME_TEXT);

  /**
   * Checks every value.
   *
   * @throws IllegalArgumentException naming the key of the first value out of range
   */
  public ConsoleSettings {
    if (sessionLifetime == null
        || sessionLifetime.compareTo(Duration.parse(MIN_LIFETIME_TEXT)) < 0
        || sessionLifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new IllegalArgumentException(
          SESSION_LIFETIME
              + " must be from "
              + MIN_LIFETIME_TEXT
              + " to "
              + MAX_LIFETIME_TEXT
              + " (got "
              + sessionLifetime
              + ")");
    }
    if (maxSessions < 1) {
      throw new IllegalArgumentException(
          MAX_SESSIONS + " must be at least 1 (got " + maxSessions + ")");
    }
    if (maxFeeds < 1) {
      throw new IllegalArgumentException(MAX_FEEDS + " must be at least 1 (got " + maxFeeds + ")");
    }
  }

  /** Reads and checks these settings. */
  static ConsoleSettings read(SettingsReader r) {
    return new ConsoleSettings(
        r.duration(SESSION_LIFETIME), r.integer(MAX_SESSIONS), r.integer(MAX_FEEDS));
  }

  /** Returns the defaults. */
  public static ConsoleSettings defaults() {
    return read(SettingsReader.DEFAULTS);
  }
}
