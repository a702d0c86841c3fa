package io.devstreams.hub.settings;

import io.devstreams.hub.auth.AuthSettings;
import io.devstreams.hub.auth.DeviceCertificateListener;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

/**
 * Reads every setting of the hub from MicroProfile Config once, when it is first needed (the
 * start-up guard makes that the first thing the hub does), and hands each service its part.
 *
 * <p>Values are set as system properties by {@code bin/devstreams-hub} ({@code
 * DEVSTREAMS_HUB_JAVA_OPTS="-Dkey=value"}), or by any other MicroProfile Config source; {@link
 * Settings#all()} declares every key with its default. The parts are records, produced for
 * injection as they are; every method here is public because others call it through the bean's
 * client proxy.
 */
@ApplicationScoped
public class SettingsProducer {

  @Inject Config config;

  private Settings settings;

  /**
   * Reads and checks every setting.
   *
   * @throws SettingException naming the key of the first bad value
   */
  @PostConstruct
  void read() {
    settings = Settings.read(new SettingsReader(key -> config.getOptionalValue(key, String.class)));
  }

  /** Returns all the settings. */
  public Settings settings() {
    return settings;
  }

  /** Returns the hub's own settings. */
  @Produces
  public HubSettings hub() {
    return settings.hub();
  }

  /** Returns the streams' settings. */
  @Produces
  public StreamSettings streams() {
    return settings.streams();
  }

  /** Returns the control channels' settings. */
  @Produces
  public ControlSettings control() {
    return settings.control();
  }

  /** Returns the v2 connections' settings. */
  @Produces
  public MuxSettings mux() {
    return settings.mux();
  }

  /** Returns the web console's settings. */
  @Produces
  public ConsoleSettings console() {
    return settings.console();
  }

  /** Returns the stream audit's settings. */
  @Produces
  public AuditSettings audit() {
    return settings.audit();
  }

  /** Returns the two settings authentication needs. */
  @Produces
  public AuthSettings authSettings() {
    return settings.hub().authSettings();
  }

  /** Returns the device-certificate listener (port 0: none). */
  @Produces
  public DeviceCertificateListener deviceCertificateListener() {
    return settings.hub().deviceCertificateListener();
  }
}
