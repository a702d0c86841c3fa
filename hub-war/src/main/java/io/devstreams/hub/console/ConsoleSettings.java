package io.devstreams.hub.console;

import java.time.Duration;

/**
 * The console's settings, validated when made.
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

  /** The defaults: one hour, 1,000 sessions, 200 live feeds. */
  public static ConsoleSettings defaults() {
    return new ConsoleSettings(Duration.ofHours(1), 1000, 200);
  }
}
