package io.devstreams.hub.settings;

import io.devstreams.hub.auth.AuthSettings;
import io.devstreams.hub.auth.DeviceCertificateListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The hub's own settings: where it keeps its data, how clients reach it, and the REST API's sizes.
 * {@link #SETTINGS} gives each key's default and meaning.
 *
 * @param dataDir the directory of the database and the connection-string files; empty when the hub
 *     keeps nothing on disk
 * @param publicHost the {@code host[:port]} clients use, the resource of policy tokens
 * @param sasMaxLifetime the longest a SAS token may still be valid for when it is presented
 * @param maxBodyBytes the largest request body the REST API reads
 * @param pageSize the page size of a device listing without {@code top}
 * @param maxPageSize the largest {@code top} accepted
 * @param controlMaxPerAddress how many control connections one remote address may hold at once
 * @param httpRequestTimeoutSeconds how long one HTTP request may take, from its first byte
 * @param deviceCertPort the local port of the device-certificate listener, 0 for none
 * @param deviceCertPublicHost the {@code host:port} certificate devices connect to, when it is not
 *     the public host's name with {@code deviceCertPort}
 */
public record HubSettings(
    Optional<Path> dataDir,
    String publicHost,
    Duration sasMaxLifetime,
    int maxBodyBytes,
    int pageSize,
    int maxPageSize,
    int controlMaxPerAddress,
    int httpRequestTimeoutSeconds,
    int deviceCertPort,
    Optional<String> deviceCertPublicHost) {

  /** Directory for the database and {@code owner.connection-string}; unset means in memory only. */
  public static final String DATA_DIR = "devstreams.data-dir";

  /** The {@code host[:port]} clients use. */
  public static final String PUBLIC_HOST = "devstreams.public-host";

  /** ISO-8601 duration; tokens expiring further ahead are refused. */
  public static final String SAS_MAX_LIFETIME = "devstreams.sas.max-lifetime";

  /**
   * The largest {@link #SAS_MAX_LIFETIME} accepted: beyond it, a leaked token would be good for
   * longer than anyone watches for it, and the cap would defend nothing.
   */
  public static final Duration SAS_MAX_LIFETIME_CAP = Duration.ofDays(30);

  /** Largest request body the REST API reads, in bytes. */
  public static final String MAX_BODY_BYTES = "devstreams.api.max-body-bytes";

  /** Devices per page of {@code GET /devices} without {@code top}. */
  public static final String PAGE_SIZE = "devstreams.api.page-size";

  /** Largest {@code top} accepted by {@code GET /devices}. */
  public static final String MAX_PAGE_SIZE = "devstreams.api.max-page-size";

  /** Device control connections one remote address may hold at once, upgrades included. */
  public static final String CONTROL_MAX_PER_ADDRESS = "devstreams.control.max-per-address";

  /**
   * Seconds a connection may take over one HTTP request. The listeners' request-deadline filter
   * (module hub-grizzly) reads it at boot, before the WAR exists; it is checked here so that a bad
   * value stops the hub.
   */
  public static final String HTTP_REQUEST_TIMEOUT_SECONDS =
      "devstreams.http.request-timeout-seconds";

  /** Largest {@link #HTTP_REQUEST_TIMEOUT_SECONDS}: an hour. */
  public static final int HTTP_REQUEST_TIMEOUT_CAP = 3600;

  /** Local port of the listener for devices that authenticate with certificates (mutual TLS). */
  public static final String DEVICE_CERT_PORT = "devstreams.device-cert.port";

  /** The {@code host:port} certificate devices connect to (their connection strings' HostName). */
  public static final String DEVICE_CERT_PUBLIC_HOST = "devstreams.device-cert.public-host";

  /** The database's JDBC URL; Payara reads it (see {@code HubDataSource}), not this record. */
  public static final String DB_URL = "devstreams.db.url";

  /** These settings' keys, defaults and meanings. */
  static final List<Setting> SETTINGS =
      List.of(
          Setting.unset(
              DATA_DIR,
              "directory of the database and the connection-string files; unset: in memory only"),
          Setting.of(
              PUBLIC_HOST,
              "localhost:8443",
              "`host[:port]` clients use: connection strings, stream URLs, the audience of tokens"),
          Setting.of(
              SAS_MAX_LIFETIME,
              "PT24H",
              "tokens expiring further ahead are refused (at most P30D; the built-in clients sign"
                  + " for an hour, so less than PT1H locks them out)"),
          Setting.of(
              MAX_BODY_BYTES, "65536", "largest request body the REST API reads (at least 1024)"),
          Setting.of(PAGE_SIZE, "100", "devices per page of `GET /devices` without `top`"),
          Setting.of(MAX_PAGE_SIZE, "1000", "largest `top` of `GET /devices`"),
          Setting.of(
              CONTROL_MAX_PER_ADDRESS,
              "1000",
              "device control connections one remote address may hold at once"),
          Setting.of(
              HTTP_REQUEST_TIMEOUT_SECONDS,
              "30",
              "seconds a connection may take over one HTTP request, from its first byte (1 to"
                  + " 3600)"),
          Setting.of(
              DEVICE_CERT_PORT,
              "0",
              "local port of the listener for devices with certificates; 0: none"
                  + " (`bin/devstreams-hub` sets it)"),
          Setting.unset(
              DEVICE_CERT_PUBLIC_HOST,
              "`host:port` certificate devices connect to; unset: the public host's name with"
                  + " the port above"),
          Setting.of(
              DB_URL,
              "jdbc:h2:mem:devstreams;DB_CLOSE_DELAY=-1;MODE=LEGACY",
              "the registry's JDBC URL (`bin/devstreams-hub` points it at the data directory)"));

  private static final String HOST_PORT = "([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?";

  /** Checks every value, naming the key of the first bad one. */
  public HubSettings {
    require(publicHost.matches(HOST_PORT), PUBLIC_HOST, "host[:port]", publicHost);
    require(
        !sasMaxLifetime.isNegative() && !sasMaxLifetime.isZero(),
        SAS_MAX_LIFETIME,
        "a positive ISO-8601 duration",
        sasMaxLifetime);
    require(
        sasMaxLifetime.compareTo(SAS_MAX_LIFETIME_CAP) <= 0,
        SAS_MAX_LIFETIME,
        "at most " + SAS_MAX_LIFETIME_CAP,
        sasMaxLifetime);
    require(maxBodyBytes >= 1024, MAX_BODY_BYTES, "at least 1024", maxBodyBytes);
    require(maxPageSize >= 1, MAX_PAGE_SIZE, "at least 1", maxPageSize);
    require(pageSize >= 1 && pageSize <= maxPageSize, PAGE_SIZE, "1 to " + maxPageSize, pageSize);
    require(controlMaxPerAddress >= 1, CONTROL_MAX_PER_ADDRESS, "at least 1", controlMaxPerAddress);
    require(
        httpRequestTimeoutSeconds >= 1 && httpRequestTimeoutSeconds <= HTTP_REQUEST_TIMEOUT_CAP,
        HTTP_REQUEST_TIMEOUT_SECONDS,
        "1 to " + HTTP_REQUEST_TIMEOUT_CAP + " seconds",
        httpRequestTimeoutSeconds);
    require(
        deviceCertPort >= 0 && deviceCertPort <= 65535,
        DEVICE_CERT_PORT,
        "a port from 1 to 65535, or 0 for none",
        deviceCertPort);
    deviceCertPublicHost.ifPresent(
        host -> require(host.matches(HOST_PORT), DEVICE_CERT_PUBLIC_HOST, "host[:port]", host));
  }

  /** Reads and checks these settings. */
  static HubSettings read(SettingsReader r) {
    return new HubSettings(
        r.optionalText(DATA_DIR).map(Path::of),
        r.text(PUBLIC_HOST),
        r.duration(SAS_MAX_LIFETIME),
        r.integer(MAX_BODY_BYTES),
        r.integer(PAGE_SIZE),
        r.integer(MAX_PAGE_SIZE),
        r.integer(CONTROL_MAX_PER_ADDRESS),
        r.integer(HTTP_REQUEST_TIMEOUT_SECONDS),
        r.integer(DEVICE_CERT_PORT),
        r.optionalText(DEVICE_CERT_PUBLIC_HOST));
  }

  /** Returns the defaults. */
  public static HubSettings defaults() {
    return read(SettingsReader.DEFAULTS);
  }

  /** Returns the device-certificate listener (port 0: none). */
  public DeviceCertificateListener deviceCertificateListener() {
    String host =
        deviceCertPublicHost.orElseGet(
            () -> publicHost.replaceFirst(":[0-9]+$", "") + ":" + deviceCertPort);
    return new DeviceCertificateListener(deviceCertPort, host);
  }

  /** Returns the two settings authentication needs. */
  public AuthSettings authSettings() {
    return new AuthSettings(publicHost, sasMaxLifetime);
  }

  private static void require(boolean ok, String key, String expected, Object actual) {
    if (!ok) {
      throw new SettingException(key + " must be " + expected + " (got '" + actual + "')");
    }
  }
}
