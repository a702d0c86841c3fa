package io.devstreams.hub.config;

import io.devstreams.hub.auth.AuthSettings;
import io.devstreams.hub.auth.DeviceCertificateListener;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The hub's settings: one documented MicroProfile Config key per getter, each with its default.
 *
 * <p>Values are set as system properties by {@code bin/devstreams-hub}, or in {@code
 * META-INF/microprofile-config.properties}. Callers read them through the getters: reading a field
 * through the CDI proxy would return the proxy's own, empty field.
 */
@ApplicationScoped
public class HubSettings {

  /** Directory for the database and {@code owner.connection-string}; unset means in memory only. */
  public static final String DATA_DIR = "devstreams.data-dir";

  /** The {@code host[:port]} clients use; default {@code localhost:8443}. */
  public static final String PUBLIC_HOST = "devstreams.public-host";

  /**
   * ISO-8601 duration; tokens expiring further ahead are refused; default {@code PT24H}, at most
   * {@link #SAS_MAX_LIFETIME_CAP}. The built-in clients sign tokens for one hour, so a value under
   * {@code PT1H} locks them out.
   */
  public static final String SAS_MAX_LIFETIME = "devstreams.sas.max-lifetime";

  /**
   * The largest {@link #SAS_MAX_LIFETIME} accepted: beyond it, a leaked token would be good for
   * longer than anyone watches for it, and the cap would defend nothing.
   */
  public static final Duration SAS_MAX_LIFETIME_CAP = Duration.ofDays(30);

  /** Largest request body the REST API reads, in bytes; default 65536. */
  public static final String MAX_BODY_BYTES = "devstreams.api.max-body-bytes";

  /** Devices per page of {@code GET /devices} without {@code top}; default 100. */
  public static final String PAGE_SIZE = "devstreams.api.page-size";

  /** Largest {@code top} accepted by {@code GET /devices}; default 1000. */
  public static final String MAX_PAGE_SIZE = "devstreams.api.max-page-size";

  /**
   * Device control connections one remote address may hold at once, upgrades in progress included;
   * default 1000. Devices behind one NAT share an address, so it is high: it bounds what one
   * address can take (about 60 KiB of hub heap per connection), not what a device may do.
   */
  public static final String CONTROL_MAX_PER_ADDRESS = "devstreams.control.max-per-address";

  /**
   * Seconds a connection may take over one HTTP request, from its first byte (from its accept, TLS
   * handshake included, for its first request) to its last; default 30. The listeners'
   * request-deadline filter (module hub-grizzly) reads it at boot, before the WAR exists; it is
   * checked here so that a bad value stops the hub.
   */
  public static final String HTTP_REQUEST_TIMEOUT_SECONDS =
      "devstreams.http.request-timeout-seconds";

  /** Largest {@link #HTTP_REQUEST_TIMEOUT_SECONDS}: an hour. */
  public static final int HTTP_REQUEST_TIMEOUT_CAP = 3600;

  /**
   * Local port of the listener for devices that authenticate with certificates (mutual TLS); 0 (the
   * default) when the hub runs without one. {@code bin/devstreams-hub} sets it.
   */
  public static final String DEVICE_CERT_PORT = "devstreams.device-cert.port";

  /**
   * The {@code host:port} certificate devices connect to (their connection strings' {@code
   * HostName}); default the public host's name with {@link #DEVICE_CERT_PORT}.
   */
  public static final String DEVICE_CERT_PUBLIC_HOST = "devstreams.device-cert.public-host";

  private static final String HOST_PORT = "([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?";

  @Inject
  @ConfigProperty(name = DATA_DIR)
  Optional<String> dataDir;

  @Inject
  @ConfigProperty(name = PUBLIC_HOST, defaultValue = "localhost:8443")
  String publicHost;

  @Inject
  @ConfigProperty(name = SAS_MAX_LIFETIME, defaultValue = "PT24H")
  Duration sasMaxLifetime;

  @Inject
  @ConfigProperty(name = MAX_BODY_BYTES, defaultValue = "65536")
  int maxBodyBytes;

  @Inject
  @ConfigProperty(name = PAGE_SIZE, defaultValue = "100")
  int pageSize;

  @Inject
  @ConfigProperty(name = MAX_PAGE_SIZE, defaultValue = "1000")
  int maxPageSize;

  @Inject
  @ConfigProperty(name = CONTROL_MAX_PER_ADDRESS, defaultValue = "1000")
  int controlMaxPerAddress;

  @Inject
  @ConfigProperty(name = HTTP_REQUEST_TIMEOUT_SECONDS, defaultValue = "30")
  int httpRequestTimeoutSeconds;

  @Inject
  @ConfigProperty(name = DEVICE_CERT_PORT, defaultValue = "0")
  int deviceCertPort;

  @Inject
  @ConfigProperty(name = DEVICE_CERT_PUBLIC_HOST)
  Optional<String> deviceCertPublicHost;

  /** Fails start-up with a message naming the bad key, so that a typo never runs silently. */
  @PostConstruct
  void validate() {
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

  /** Returns the data directory, or empty when the hub keeps nothing on disk. */
  public Optional<Path> dataDir() {
    return dataDir.filter(dir -> !dir.isBlank()).map(Path::of);
  }

  /** Returns the {@code host[:port]} clients use, the resource of policy tokens. */
  public String publicHost() {
    return publicHost;
  }

  /** Returns the longest a SAS token may still be valid for when it is presented. */
  public Duration sasMaxLifetime() {
    return sasMaxLifetime;
  }

  /** Returns the largest request body the REST API reads, in bytes. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Returns the page size of a device listing without {@code top}. */
  public int pageSize() {
    return pageSize;
  }

  /** Returns the largest accepted {@code top}. */
  public int maxPageSize() {
    return maxPageSize;
  }

  /** Returns how many control connections one remote address may hold at once. */
  public int controlMaxPerAddress() {
    return controlMaxPerAddress;
  }

  /** Returns the device-certificate listener (port 0: none); CDI hands it to authentication. */
  @Produces
  public DeviceCertificateListener deviceCertificateListener() {
    String host =
        deviceCertPublicHost
            .filter(h -> !h.isBlank())
            .orElseGet(() -> publicHost.replaceFirst(":[0-9]+$", "") + ":" + deviceCertPort);
    return new DeviceCertificateListener(deviceCertPort, host);
  }

  /** Hands authentication the two settings it needs, without a dependency on this package. */
  @Produces
  AuthSettings authSettings() {
    return new AuthSettings(publicHost, sasMaxLifetime);
  }

  private static void require(boolean ok, String key, String expected, Object actual) {
    if (!ok) {
      throw new StartupException(key + " must be " + expected + " (got '" + actual + "')");
    }
  }
}
