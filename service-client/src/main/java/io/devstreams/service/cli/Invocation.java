package io.devstreams.service.cli;

import io.devstreams.protocol.cli.ConfigFile;
import io.devstreams.protocol.cli.SettingsResolver;
import io.devstreams.protocol.cli.UsageException;
import io.devstreams.service.ClientOptions;
import io.devstreams.service.HubConnection;
import io.devstreams.service.RegistryClient;
import io.devstreams.service.ServiceClient;
import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a command: its parsed command line, the environment and the terminal, and the settings
 * and hub clients, resolved only when the command first needs them (so that a usage error is
 * reported before the environment is looked at). The registry and stream clients share one hub
 * connection.
 */
final class Invocation {

  private final CommandLine line;
  private final Map<String, String> env;
  private final Terminal terminal;
  private Settings settings;
  private HubConnection hub;

  Invocation(CommandLine line, Map<String, String> env, Terminal terminal) {
    this.line = Objects.requireNonNull(line, "line");
    this.env = Map.copyOf(env);
    this.terminal = Objects.requireNonNull(terminal, "terminal");
  }

  /**
   * Another command line run with this one's environment, settings and hub connection (the
   * master's, for the one-request commands it runs): it must not name a hub or credentials of its
   * own.
   */
  Invocation sharing(CommandLine other, Terminal otherTerminal) {
    Invocation shared = new Invocation(other, env, otherTerminal);
    shared.settings = settings();
    shared.hub = hub();
    return shared;
  }

  CommandLine line() {
    return line;
  }

  PrintStream out() {
    return terminal.out();
  }

  PrintStream err() {
    return terminal.err();
  }

  Terminal terminal() {
    return terminal;
  }

  /** Returns the settings, resolving them on first use. */
  Settings settings() {
    if (settings == null) {
      settings = Settings.resolve(resolver());
    }
    return settings;
  }

  /**
   * Returns the resolver of this command line's settings (flags, then the environment), for a
   * command's own settings.
   */
  SettingsResolver resolver() {
    return new SettingsResolver(line.options(), env, ConfigFile.NONE);
  }

  /** Returns the settings if a command resolved them, for error messages. */
  Optional<Settings> resolvedSettings() {
    return Optional.ofNullable(settings);
  }

  /** Returns the registry client, connecting on first use. */
  RegistryClient registry() {
    return new RegistryClient(hub());
  }

  /** Returns the stream client, connecting on first use. */
  ServiceClient streams() {
    return new ServiceClient(hub());
  }

  private HubConnection hub() {
    if (hub == null) {
      hub = connect();
    }
    return hub;
  }

  private HubConnection connect() {
    Settings resolved = settings();
    ClientOptions options;
    try {
      options =
          ClientOptions.defaults()
              .withTrustCertificate(resolved.trustCertificate())
              .withProxy(resolved.proxy())
              .withHeartbeat(resolved.heartbeat());
    } catch (IllegalArgumentException e) {
      throw new UsageException(resolved.trustCertificateSource() + ": " + e.getMessage(), e);
    }
    return HubConnection.open(resolved.connectionString(), options);
  }
}
