package io.devstreams.device.cli;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.tunnel.ClientIdentity;
import io.devstreams.protocol.tunnel.EnvironmentSeconds;
import io.devstreams.protocol.tunnel.Heartbeat;
import io.devstreams.protocol.tunnel.HttpProxy;
import io.devstreams.protocol.tunnel.HubEndpoint;
import io.devstreams.protocol.tunnel.HubTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the agent's flags and environment into {@link AgentSettings}; flags win over the
 * environment. Every problem is a {@link UsageException} with one clear line that never repeats a
 * secret.
 */
final class AgentArguments {

  static final String CONNECTION_STRING_ENV = "DEVSTREAMS_DEVICE_CONNECTION_STRING";
  static final String TRUST_CERT_ENV = "DEVSTREAMS_TRUST_CERT";
  static final String RECONNECT_MAX_ENV = "DEVSTREAMS_RECONNECT_MAX_SECONDS";
  static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

  private final List<String> services = new ArrayList<>();
  private String connectionStringFile;
  private String trustCert;
  private String proxy;
  private String cert;
  private String key;

  private AgentArguments() {}

  /** Returns whether the arguments ask for help (which wins over everything else). */
  static boolean wantsHelp(List<String> args) {
    return args.contains("-h") || args.contains("--help");
  }

  /**
   * Parses and validates the arguments.
   *
   * @throws UsageException naming the bad flag, value or setting
   */
  static AgentSettings parse(List<String> args, Map<String, String> env) {
    AgentArguments parsed = new AgentArguments();
    parsed.read(args);
    ServiceMap services = ServiceMap.parse(parsed.services);
    ConnectionString device = parsed.connectionString(env);
    HubEndpoint endpoint =
        HubEndpoint.of(device.hostName())
            .withSslContext(parsed.tls(env, parsed.identity(device)))
            .withProxy(parsed.proxy(env));
    return new AgentSettings(device, endpoint, services, heartbeat(env), maxBackoff(env));
  }

  private void read(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      int eq = arg.indexOf('=');
      String flag = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
      String inline = arg.startsWith("--") && eq > 0 ? arg.substring(eq + 1) : null;
      if (!flag.startsWith("-")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      if (flag.equals("--connection-string")) {
        throw new UsageException(
            "the connection string is a secret and is never a flag: set "
                + CONNECTION_STRING_ENV
                + " or use --connection-string-file FILE");
      }
      String value = inline != null ? inline : valueAfter(args, i, flag);
      if (inline == null) {
        i++;
      }
      switch (flag) {
        case "--service" -> services.add(value);
        case "--connection-string-file" ->
            connectionStringFile = once(flag, connectionStringFile, value);
        case "--trust-cert" -> trustCert = once(flag, trustCert, value);
        case "--proxy" -> proxy = once(flag, proxy, value);
        case "--cert" -> cert = once(flag, cert, value);
        case "--key" -> key = once(flag, key, value);
        default -> throw new UsageException("unknown option '" + flag + "'");
      }
    }
  }

  private static String valueAfter(List<String> args, int i, String flag) {
    if (!List.of(
            "--service", "--connection-string-file", "--trust-cert", "--proxy", "--cert", "--key")
        .contains(flag)) {
      throw new UsageException("unknown option '" + flag + "'");
    }
    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
      throw new UsageException(flag + " needs a value");
    }
    return args.get(i + 1);
  }

  private static String once(String flag, String previous, String value) {
    if (previous != null) {
      throw new UsageException(flag + " is given twice");
    }
    if (value.isBlank()) {
      throw new UsageException(flag + " needs a value");
    }
    return value;
  }

  private ConnectionString connectionString(Map<String, String> env) {
    String source;
    String text;
    if (connectionStringFile != null) {
      source = "connection string file '" + connectionStringFile + "'";
      text = readSecretFile(source, Path.of(connectionStringFile));
    } else {
      source = CONNECTION_STRING_ENV;
      text = env.get(CONNECTION_STRING_ENV);
      if (text == null || text.isBlank()) {
        throw new UsageException(
            "no device connection string: set "
                + CONNECTION_STRING_ENV
                + " or use --connection-string-file FILE");
      }
    }
    ConnectionString parsed;
    try {
      parsed = ConnectionString.parse(text.strip());
    } catch (IllegalArgumentException e) {
      throw new UsageException(source + ": " + e.getMessage());
    }
    if (!parsed.isDevice()) {
      throw new UsageException(
          source
              + " holds a shared access policy's connection string; the agent needs a device's"
              + " (HostName=...;DeviceId=...;SharedAccessKey=... or x509=true)");
    }
    return parsed;
  }

  private static String readSecretFile(String source, Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException(source + " does not exist");
    } catch (AccessDeniedException e) {
      throw new UsageException(source + " is not readable (permission denied)");
    } catch (IOException e) {
      throw new UsageException(source + " cannot be read: " + e.getMessage());
    }
  }

  /**
   * The device's certificate and key: required with an {@code x509=true} connection string, refused
   * with any other.
   */
  private ClientIdentity identity(ConnectionString device) {
    if (!device.x509()) {
      if (cert != null || key != null) {
        throw new UsageException(
            (cert != null ? "--cert" : "--key")
                + " is for a device that authenticates with its certificate; this connection"
                + " string has a SharedAccessKey (a certificate device's has x509=true)");
      }
      return null;
    }
    if (cert == null || key == null) {
      throw new UsageException(
          "the connection string has x509=true: give the device's certificate and key with"
              + " --cert CERT.pem --key KEY.pem");
    }
    try {
      return ClientIdentity.load(Path.of(cert), Path.of(key));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private javax.net.ssl.SSLContext tls(Map<String, String> env, ClientIdentity identity) {
    String file = trustCert != null ? trustCert : env.get(TRUST_CERT_ENV);
    if ((file == null || file.isBlank()) && identity == null) {
      return HubTls.sslContext(null);
    }
    try {
      return HubTls.sslContext(file == null || file.isBlank() ? null : Path.of(file), identity);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          (trustCert != null ? "--trust-cert: " : TRUST_CERT_ENV + ": ") + e.getMessage());
    }
  }

  /** Reads {@value #RECONNECT_MAX_ENV}: whole seconds from 1 to 3600, 10 when unset. */
  private static Duration maxBackoff(Map<String, String> env) {
    try {
      return EnvironmentSeconds.read(env, RECONNECT_MAX_ENV, DEFAULT_MAX_BACKOFF);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static Heartbeat heartbeat(Map<String, String> env) {
    try {
      return Heartbeat.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private HttpProxy proxy(Map<String, String> env) {
    try {
      return proxy != null ? HttpProxy.parse(proxy) : HttpProxy.fromEnvironment(env).orElse(null);
    } catch (IllegalArgumentException e) {
      throw new UsageException((proxy != null ? "--proxy: " : "") + e.getMessage());
    }
  }
}
