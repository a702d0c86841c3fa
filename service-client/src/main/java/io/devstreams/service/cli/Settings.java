package io.devstreams.service.cli;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.tunnel.Heartbeat;
import io.devstreams.protocol.tunnel.HttpProxy;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a command needs to reach the hub, resolved with the precedence flags, then environment, then
 * defaults; each value remembers where it came from so that errors can say what to fix.
 *
 * @param connectionString the service (shared access policy) connection string
 * @param connectionStringSource where it came from, for messages: {@code
 *     DEVSTREAMS_CONNECTION_STRING} or {@code the connection string file 'F'}
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
  static final String CONNECTION_STRING_ENV = "DEVSTREAMS_CONNECTION_STRING";

  /** Environment variable with the PEM file of the hub's certificate. */
  static final String TRUST_CERT_ENV = "DEVSTREAMS_TRUST_CERT";

  /**
   * Resolves the settings of a command line in an environment.
   *
   * @throws UsageException if the connection string is missing, unreadable, malformed or a
   *     device's, the trust certificate path is not a path, or the proxy URL is malformed
   */
  static Settings resolve(CommandLine line, Map<String, String> env) {
    Optional<String> file = line.value(OptionSpec.CONNECTION_STRING_FILE);
    String source =
        file.map(f -> "the connection string file '" + f + "'").orElse(CONNECTION_STRING_ENV);
    String text = file.isPresent() ? readFile(file.get(), source) : fromEnvironment(env);
    ConnectionString connectionString = parse(text, source);

    Path trust = null;
    String trustSource = null;
    Optional<String> flag = line.value(OptionSpec.TRUST_CERT);
    String fromEnv = env.get(TRUST_CERT_ENV);
    if (flag.isPresent()) {
      trustSource = OptionSpec.TRUST_CERT.name();
      trust = path(flag.get(), trustSource);
    } else if (fromEnv != null && !fromEnv.isBlank()) {
      trustSource = TRUST_CERT_ENV;
      trust = path(fromEnv.strip(), trustSource);
    }
    return new Settings(
        connectionString, source, trust, trustSource, proxy(line, env), heartbeat(env));
  }

  private static Heartbeat heartbeat(Map<String, String> env) {
    try {
      return Heartbeat.fromEnvironment(env);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  private static HttpProxy proxy(CommandLine line, Map<String, String> env) {
    Optional<String> flag = line.value(OptionSpec.PROXY);
    try {
      return flag.isPresent()
          ? HttpProxy.parse(flag.get())
          : HttpProxy.fromEnvironment(env).orElse(null);
    } catch (IllegalArgumentException e) {
      throw new UsageException((flag.isPresent() ? "--proxy: " : "") + e.getMessage(), e);
    }
  }

  private static String fromEnvironment(Map<String, String> env) {
    String text = env.get(CONNECTION_STRING_ENV);
    if (text == null || text.isBlank()) {
      throw new UsageException(
          CONNECTION_STRING_ENV
              + (text == null ? " is not set" : " is empty")
              + ": set it to the hub's service connection string (the hub saves its owner's in"
              + " DATA/owner.connection-string) or pass --connection-string-file FILE");
    }
    return text;
  }

  private static String readFile(String name, String source) {
    try {
      Path path = path(name, OptionSpec.CONNECTION_STRING_FILE.name());
      if (Files.isDirectory(path)) {
        throw new UsageException(source + " is a directory");
      }
      String text = Files.readString(path);
      if (text.isBlank()) {
        throw new UsageException(source + " is empty");
      }
      return text;
    } catch (NoSuchFileException e) {
      throw new UsageException(source + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new UsageException(source + " is not readable (permission denied)", e);
    } catch (CharacterCodingException e) {
      throw new UsageException(source + " is not UTF-8 text", e);
    } catch (IOException e) {
      throw new UsageException(source + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static ConnectionString parse(String text, String source) {
    ConnectionString parsed;
    try {
      parsed = ConnectionString.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad connection string in " + source + ": " + e.getMessage(), e);
    }
    if (parsed.isDevice()) {
      throw new UsageException(
          source
              + " holds a device connection string; devstreams needs a service one"
              + " (HostName=...;SharedAccessKeyName=...;SharedAccessKey=...)");
    }
    return parsed;
  }

  private static Path path(String value, String source) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new UsageException(source + ": '" + value + "' is not a valid path", e);
    }
  }
}
