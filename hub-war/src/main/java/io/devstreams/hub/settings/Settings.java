package io.devstreams.hub.settings;

import java.util.ArrayList;
import java.util.List;

/**
 * All the hub's settings, each part validated: what {@link SettingsProducer} reads once at start.
 *
 * @param hub where the hub keeps its data, how clients reach it, the REST API's sizes
 * @param streams the streams' liveness, grace periods and limits
 * @param control the control channels' heartbeat and the stream requests' timeouts
 * @param mux the v2 connections' windows, limits and heartbeat
 * @param console the web console's sessions and live feeds
 * @param audit the stream audit's retention and queue
 */
public record Settings(
    HubSettings hub,
    StreamSettings streams,
    ControlSettings control,
    MuxSettings mux,
    ConsoleSettings console,
    AuditSettings audit) {

  /**
   * Reads every part and checks it.
   *
   * @throws SettingException whose one-line message names the key of the first bad value
   */
  public static Settings read(SettingsReader r) {
    try {
      return new Settings(
          HubSettings.read(r),
          StreamSettings.read(r),
          ControlSettings.read(r),
          MuxSettings.read(r),
          ConsoleSettings.read(r),
          AuditSettings.read(r));
    } catch (SettingException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new SettingException(e.getMessage(), e);
    }
  }

  /** Returns every setting of the hub, in the order docs/operations.md lists them. */
  public static List<Setting> all() {
    List<Setting> all = new ArrayList<>(HubSettings.SETTINGS);
    all.addAll(ControlSettings.SETTINGS);
    all.addAll(StreamSettings.SETTINGS);
    all.addAll(StreamLimits.SETTINGS);
    all.addAll(MuxSettings.SETTINGS);
    all.addAll(AuditSettings.SETTINGS);
    all.addAll(ConsoleSettings.SETTINGS);
    return List.copyOf(all);
  }
}
