package io.devstreams.device.cli;

import io.devstreams.device.DeviceClientOptions;
import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.cli.ArgumentParser;
import io.devstreams.protocol.cli.Arguments;
import io.devstreams.protocol.cli.Echo;
import io.devstreams.protocol.cli.HubAccess;
import io.devstreams.protocol.cli.SettingsResolver;
import io.devstreams.protocol.cli.UsageException;
import io.devstreams.protocol.cli.Value;
import io.devstreams.protocol.cli.WholeNumber;
import io.devstreams.protocol.tunnel.ClientIdentity;
import io.devstreams.protocol.tunnel.HubEndpoint;
import io.devstreams.protocol.tunnel.HubTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * Turns the agent's flags, environment and config file into {@link AgentSettings}, with the parser
 * and resolver the service CLI uses too: flags win over the environment, which wins over the config
 * file. Every problem is a {@link UsageException} with one clear line that never repeats a secret.
 */
final class AgentArguments {

  static final String CONNECTION_STRING_ENV = AgentOptions.CONNECTION_STRING.env();
  static final String TRUST_CERT_ENV = HubAccess.TRUST_CERT_ENV;
  static final String RECONNECT_MAX_ENV = "DEVSTREAMS_RECONNECT_MAX_SECONDS";

  /** What {@value #RECONNECT_MAX_ENV} may be. */
  static final WholeNumber RECONNECT_MAX_SECONDS = WholeNumber.seconds(1, 3600);

  private static final ArgumentParser PARSER =
      new ArgumentParser(AgentOptions.ALL, List.of(AgentOptions.CONNECTION_STRING), "");

  private AgentArguments() {}

  /**
   * Parses the command line's syntax: its options, and whether it asks for help.
   *
   * @throws UsageException for an unknown option, a positional argument, a missing value, a
   *     repeated option or the connection string as a flag
   */
  static Arguments read(List<String> args) {
    Arguments parsed = PARSER.parse(args);
    if (!parsed.help() && !parsed.words().isEmpty()) {
      throw new UsageException("unexpected argument '" + Echo.of(parsed.words().get(0)) + "'");
    }
    return parsed;
  }

  /**
   * Parses and validates the arguments in an environment.
   *
   * @throws UsageException naming the bad flag, value, setting or config file line
   */
  static AgentSettings parse(List<String> args, Map<String, String> env) {
    return resolve(read(args), env);
  }

  /**
   * Resolves the settings of parsed arguments in an environment, reading the config file they name.
   *
   * @throws UsageException naming the bad flag, value, setting or config file line
   */
  static AgentSettings resolve(Arguments arguments, Map<String, String> env) {
    SettingsResolver settings =
        new SettingsResolver(arguments, env, AgentConfigFile.read(arguments));
    ServiceMap services =
        ServiceMap.parse(
            settings.findAll(AgentOptions.SERVICE).stream()
                .map(Value::text)
                .collect(Collectors.toList()));
    ConnectionString device = connectionString(settings);
    HubEndpoint endpoint =
        HubEndpoint.of(device.hostName())
            .withSslContext(tls(settings, identity(settings, device)))
            .withProxy(HubAccess.proxy(settings));
    return new AgentSettings(
        device,
        endpoint,
        services,
        HubAccess.heartbeat(settings),
        maxBackoff(settings),
        HubAccess.protocol(settings, DeviceClientOptions.DEFAULT_PROTOCOL));
  }

  private static ConnectionString connectionString(SettingsResolver settings) {
    Value text = settings.secret(AgentOptions.CONNECTION_STRING);
    ConnectionString parsed = text.as(ConnectionString::parse);
    if (!parsed.isDevice()) {
      throw new UsageException(
          text.source()
              + " holds a shared access policy's connection string; the agent needs a device's"
              + " (HostName=...;DeviceId=...;SharedAccessKey=... or x509=true)");
    }
    return parsed;
  }

  /**
   * The device's certificate and key: required with an {@code x509=true} connection string, refused
   * with any other.
   */
  private static ClientIdentity identity(SettingsResolver settings, ConnectionString device) {
    Optional<Value> cert = settings.find(AgentOptions.CERT);
    Optional<Value> key = settings.find(AgentOptions.KEY);
    if (!device.x509()) {
      if (cert.isPresent() || key.isPresent()) {
        throw new UsageException(
            (cert.isPresent() ? AgentOptions.CERT : AgentOptions.KEY).name()
                + " is for a device that authenticates with its certificate; this connection"
                + " string has a SharedAccessKey (a certificate device's has x509=true)");
      }
      return null;
    }
    if (cert.isEmpty() || key.isEmpty()) {
      throw new UsageException(
          "the connection string has x509=true: give the device's certificate and key with"
              + " --cert CERT.pem --key KEY.pem");
    }
    try {
      return ClientIdentity.load(Path.of(cert.get().text()), Path.of(key.get().text()));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  private static SSLContext tls(SettingsResolver settings, ClientIdentity identity) {
    Optional<Value> trust = HubAccess.trustCertificate(settings);
    if (trust.isPresent()) {
      return trust.get().as(file -> HubTls.sslContext(Path.of(file), identity));
    }
    try {
      return HubTls.sslContext(null, identity);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /**
   * Reads {@value #RECONNECT_MAX_ENV}: whole seconds from 1 to 3600, else the device library's
   * default.
   */
  private static Duration maxBackoff(SettingsResolver settings) {
    return settings
        .environment(RECONNECT_MAX_ENV)
        .map(seconds -> Duration.ofSeconds(RECONNECT_MAX_SECONDS.parse(seconds)))
        .orElse(DeviceClientOptions.defaults().maxBackoff());
  }
}
