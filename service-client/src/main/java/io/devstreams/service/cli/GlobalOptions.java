package io.devstreams.service.cli;

import io.devstreams.protocol.cli.HubAccess;
import io.devstreams.protocol.cli.OptionSpec;
import io.devstreams.protocol.cli.SecretSetting;
import java.util.List;

/**
 * The options every command accepts, {@code --json}, which several do, and the connection string,
 * which no command takes as a flag.
 */
final class GlobalOptions {

  /** The hub certificate to trust (shared with the agent). */
  static final OptionSpec TRUST_CERT = HubAccess.TRUST_CERT;

  /** Where to read the service connection string from, instead of the environment. */
  static final OptionSpec CONNECTION_STRING_FILE =
      new OptionSpec("--connection-string-file", "FILE", "file with the service connection string");

  /** The HTTP CONNECT proxy to the hub (shared with the agent). */
  static final OptionSpec PROXY = HubAccess.PROXY;

  /** Options that every command accepts, in the order help lists them. */
  static final List<OptionSpec> ALL = List.of(TRUST_CERT, CONNECTION_STRING_FILE, PROXY);

  /** Print the hub's JSON instead of text for people. */
  static final OptionSpec JSON =
      new OptionSpec("--json", null, "print the hub's JSON (Azure IoT Hub shape)");

  /** The service connection string: from the environment or a file, never from a flag. */
  static final SecretSetting CONNECTION_STRING =
      new SecretSetting(
          "connection string",
          "--connection-string",
          "DEVSTREAMS_CONNECTION_STRING",
          CONNECTION_STRING_FILE,
          "the hub's service connection string (the hub saves its owner's in"
              + " DATA/owner.connection-string)");

  private GlobalOptions() {}
}
