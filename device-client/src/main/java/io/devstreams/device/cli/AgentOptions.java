package io.devstreams.device.cli;

import io.devstreams.protocol.cli.HubAccess;
import io.devstreams.protocol.cli.OptionSpec;
import io.devstreams.protocol.cli.SecretSetting;
import java.util.List;

/** The agent's options, and its connection string, which it never takes as a flag. */
final class AgentOptions {

  /** A service streams may reach, {@code NAME=HOST:PORT}; at least one. */
  static final OptionSpec SERVICE =
      new OptionSpec("--service", "NAME=HOST:PORT", "a service streams may reach").repeated();

  /** The hub certificate to trust (shared with the service CLI). */
  static final OptionSpec TRUST_CERT = HubAccess.TRUST_CERT;

  /** The HTTP CONNECT proxy to the hub (shared with the service CLI). */
  static final OptionSpec PROXY = HubAccess.PROXY;

  /** Where to read the device connection string from, instead of the environment. */
  static final OptionSpec CONNECTION_STRING_FILE =
      new OptionSpec(
          "--connection-string-file", "FILE", "read the device connection string from FILE");

  /** The device's X.509 certificate, for a connection string with {@code x509=true}. */
  static final OptionSpec CERT =
      new OptionSpec("--cert", "CERT.pem", "the device's X.509 certificate (PEM)");

  /** The key of {@link #CERT}. */
  static final OptionSpec KEY =
      new OptionSpec("--key", "KEY.pem", "the certificate's unencrypted PKCS#8 key (PEM)");

  /** The config file; see {@link AgentConfigFile}. */
  static final OptionSpec CONFIG =
      new OptionSpec("--config", "FILE", "read settings from FILE, one 'option = value' a line");

  /** The wire protocol, 2 or 1 (shared with the service CLI). */
  static final OptionSpec PROTOCOL = HubAccess.PROTOCOL;

  /** Every option, in the order the usage lists them. */
  static final List<OptionSpec> ALL =
      List.of(SERVICE, TRUST_CERT, PROXY, CONNECTION_STRING_FILE, CERT, KEY, CONFIG, PROTOCOL);

  /** The device connection string: from the environment or a file, never from a flag. */
  static final SecretSetting CONNECTION_STRING =
      new SecretSetting(
          "connection string",
          "--connection-string",
          "DEVSTREAMS_DEVICE_CONNECTION_STRING",
          CONNECTION_STRING_FILE,
          "the device's connection string");

  private AgentOptions() {}
}
