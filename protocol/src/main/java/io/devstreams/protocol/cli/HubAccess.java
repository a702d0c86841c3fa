package io.devstreams.protocol.cli;

import io.devstreams.protocol.tunnel.Heartbeat;
import io.devstreams.protocol.tunnel.HttpProxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings both programs use to reach the hub, declared once: the certificate to trust, the
 * HTTP CONNECT proxy, the heartbeat and the wire protocol.
 */
public final class HubAccess {

  /** Environment variable with the PEM file of the hub's certificate. */
  public static final String TRUST_CERT_ENV = "DEVSTREAMS_TRUST_CERT";

  /** The hub certificate to trust, instead of the JDK's certificate authorities. */
  public static final OptionSpec TRUST_CERT =
      new OptionSpec("--trust-cert", "FILE", "PEM file of the hub's certificate to trust");

  /** The HTTP CONNECT proxy on the way to the hub. */
  public static final OptionSpec PROXY =
      new OptionSpec(
          "--proxy", "URL", "HTTP CONNECT proxy to the hub: http://[USER:PASS@]HOST:PORT");

  /** Environment variable with the wire protocol, when {@link #PROTOCOL} is not given. */
  public static final String PROTOCOL_ENV = "DEVSTREAMS_PROTOCOL";

  /** The wire protocol to speak to the hub: 2 (streams share one connection) or 1. */
  public static final OptionSpec PROTOCOL =
      new OptionSpec(
          "--protocol",
          "N",
          "2: every stream on one connection to the hub (default; or $"
              + PROTOCOL_ENV
              + "); 1: a connection per stream");

  /** The protocol versions {@link #PROTOCOL} accepts. */
  private static final List<String> PROTOCOLS = List.of("1", "2");

  /** What {@link Heartbeat#ENV} may be. */
  public static final WholeNumber HEARTBEAT_SECONDS = WholeNumber.seconds(1, 3600);

  private HubAccess() {}

  /**
   * Returns the certificate file to trust: {@code --trust-cert}, else {@value #TRUST_CERT_ENV},
   * else the config file's {@code trust-cert}; empty for the JDK's certificate authorities.
   */
  public static Optional<Value> trustCertificate(SettingsResolver settings) {
    return settings.find(TRUST_CERT, TRUST_CERT_ENV);
  }

  /**
   * Returns the proxy: {@code --proxy}, else {@code HTTPS_PROXY} (or {@code https_proxy}) with
   * {@code NO_PROXY} (or {@code no_proxy}) as the hosts reached directly, else the config file's
   * {@code proxy}; null to connect directly.
   *
   * @throws UsageException naming the source if the URL is malformed (never its password)
   */
  public static HttpProxy proxy(SettingsResolver settings) {
    Optional<Value> url = settings.find(PROXY, "HTTPS_PROXY", "https_proxy");
    if (url.isEmpty()) {
      return null;
    }
    HttpProxy proxy = url.get().as(HttpProxy::parse);
    if (url.get().origin() != Value.Origin.ENVIRONMENT) {
      return proxy;
    }
    Map<String, String> env = settings.env();
    String noProxy = env.getOrDefault("NO_PROXY", env.get("no_proxy"));
    return proxy.withNoProxy(noProxy == null ? "" : noProxy);
  }

  /**
   * Returns the wire protocol: {@code --protocol}, else {@value #PROTOCOL_ENV}, else {@code
   * fallback} (the client library's default).
   *
   * @throws UsageException naming the flag or variable if it is neither 1 nor 2
   */
  public static int protocol(SettingsResolver settings, int fallback) {
    return settings
        .find(PROTOCOL, PROTOCOL_ENV)
        .map(version -> Integer.parseInt(version.oneOf(PROTOCOLS)))
        .orElse(fallback);
  }

  /**
   * Returns the heartbeat: {@value Heartbeat#ENV} seconds (1 to 3600), else {@link
   * Heartbeat#DEFAULT}.
   *
   * @throws UsageException naming the variable if it is not such a number
   */
  public static Heartbeat heartbeat(SettingsResolver settings) {
    return settings
        .environment(Heartbeat.ENV)
        .map(seconds -> Heartbeat.of(Duration.ofSeconds(HEARTBEAT_SECONDS.parse(seconds))))
        .orElse(Heartbeat.DEFAULT);
  }
}
