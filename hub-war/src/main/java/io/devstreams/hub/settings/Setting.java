package io.devstreams.hub.settings;

import java.util.Objects;

/**
 * One setting of the hub: its MicroProfile Config key, its default as it would be written in a
 * properties file (null when unset means "none") and what it does, in one line for the operator.
 */
public record Setting(String key, String defaultValue, String meaning) {

  /** Checks that the key is one of the hub's and that the meaning is there. */
  public Setting {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(meaning, "meaning");
    if (!key.startsWith("devstreams.")) {
      throw new IllegalArgumentException("not a devstreams key: " + key);
    }
  }

  /** A setting with a default. */
  static Setting of(String key, String defaultValue, String meaning) {
    return new Setting(key, Objects.requireNonNull(defaultValue, "defaultValue"), meaning);
  }

  /** A setting whose absence means "none". */
  static Setting unset(String key, String meaning) {
    return new Setting(key, null, meaning);
  }
}
