package io.devstreams.hub.settings;

import java.time.Duration;
import java.util.List;

/**
 * The stream audit's settings, validated once. {@link #SETTINGS} gives each key's default and
 * meaning.
 *
 * @param retention how long stream records are kept
 * @param queue how many records may wait for the writer before new ones are dropped (and counted)
 */
public record AuditSettings(Duration retention, int queue) {

  /** Key of {@link #retention()}. */
  public static final String RETENTION = "devstreams.audit.retention";

  /** Key of {@link #queue()}. */
  public static final String QUEUE = "devstreams.audit.queue";

  /** These settings' keys, defaults and meanings. */
  static final List<Setting> SETTINGS =
      List.of(
          Setting.of(RETENTION, "P30D", "how long stream records are kept; older ones are deleted"),
          Setting.of(
              QUEUE,
              "10000",
              "stream records that may wait for the database writer; beyond, new ones are dropped"
                  + " and counted"));

  /** Checks that records are kept for some time and that the queue holds at least one. */
  public AuditSettings {
    if (retention == null || retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException(
          RETENTION + " must be a positive ISO-8601 duration (got '" + retention + "')");
    }
    if (queue < 1) {
      throw new IllegalArgumentException(QUEUE + " must be at least 1 (got '" + queue + "')");
    }
  }

  /** Reads and checks these settings. */
  static AuditSettings read(SettingsReader r) {
    return new AuditSettings(r.duration(RETENTION), r.integer(QUEUE));
  }
}
