package io.devstreams.service.cli;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.cli.HubAccess;
import io.devstreams.protocol.cli.SettingsResolver;
import io.devstreams.protocol.cli.UsageException;
import io.devstreams.protocol.cli.Value;
import io.devstreams.protocol.tunnel.Heartbeat;
import io.devstreams.protocol.tunnel.HttpProxy;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a command needs to reach the hub, resolved by the resolver both CLIs share (flags, then the
 * environment, then defaults); each value remembers where it came from so that errors can say what
 * to fix.
 *
 * @param connectionString the service (shared access policy) connection string
 * @param connectionStringSource where it came from, for messages: {@code
 *     DEVSTREAMS_CONNECTION_STRING} or {@code connection string file 'F'}
 * @param trustCertificate the PEM file to trust, or null for the JDK's certificate authorities
 * @param trustCertificateSource where the file came from ({@code --trust-cert} or {@code
 *     DEVSTREAMS_TRUST_CERT}), or null
 * @param proxy the HTTP CONNECT proxy on the way to the hub ({@code --proxy}, else {@code
 *     HTTPS_PROXY} with {@code NO_PROXY}), or null to connect directly
 * @param heartbeat the streams' heartbeat ({@code DEVSTREAMS_HEARTBEAT_SECONDS})
 */
record Settings(
    ConnectionString connectionString,
    String connectionStringSource,
    Path trustCertificate,
    String trustCertificateSource,
    HttpProxy proxy,
    Heartbeat heartbeat) {

  /** Environment variable with the service connection string. */
  static final String CONNECTION_STRING_ENV = GlobalOptions.CONNECTION_STRING.env();

  /** Environment variable with the PEM file of the hub's certificate. */
  static final String TRUST_CERT_ENV = HubAccess.TRUST_CERT_ENV;

  /**
   * Resolves the settings of a command line in its environment.
   *
   * @throws UsageException if the connection string is missing, unreadable, malformed or a
   *     device's, the trust certificate path is not a path, or the proxy URL is malformed
   */
  static Settings resolve(SettingsResolver settings) {
    Value text = settings.secret(GlobalOptions.CONNECTION_STRING);
    ConnectionString connectionString = text.as(ConnectionString::parse);
    if (connectionString.isDevice()) {
      throw new UsageException(
          text.source()
              + " holds a device connection string; devstreams needs a service one"
              + " (HostName=...;SharedAccessKeyName=...;SharedAccessKey=...)");
    }
    Optional<Value> trust = HubAccess.trustCertificate(settings);
    return new Settings(
        connectionString,
        text.source(),
        trust.map(file -> file.as(Settings::path)).orElse(null),
        trust.map(Value::source).orElse(null),
        HubAccess.proxy(settings),
        HubAccess.heartbeat(settings));
  }

  private static Path path(String name) {
    try {
      return Path.of(name);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("'" + name + "' is not a valid path", e);
    }
  }
}
