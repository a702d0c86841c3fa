package io.devstreams.device.cli;

import io.devstreams.protocol.cli.Arguments;
import io.devstreams.protocol.cli.ConfigFile;
import io.devstreams.protocol.cli.OptionSpec;
import io.devstreams.protocol.cli.UsageException;
import java.util.List;

/**
 * The agent's config file, {@code --config FILE} (the Debian package's is {@code
 * /etc/devstreams/device.conf}): one {@code option = value} a line, an option being one of the
 * agent's flags without its dashes ({@code service = ssh=127.0.0.1:22}); blank lines and lines
 * starting with {@code #} are ignored. A setting on the command line or in the environment wins
 * over the file's: the file's services are used only when no {@code --service} is given.
 */
final class AgentConfigFile {

  /** The options the file may set, in the order a refusal lists them. */
  static final List<OptionSpec> OPTIONS =
      List.of(
          AgentOptions.SERVICE,
          AgentOptions.TRUST_CERT,
          AgentOptions.PROXY,
          AgentOptions.CONNECTION_STRING_FILE,
          AgentOptions.CERT,
          AgentOptions.KEY);

  private AgentConfigFile() {}

  /**
   * Reads the file {@code --config} names, or returns {@link ConfigFile#NONE} without it.
   *
   * @throws UsageException naming the file and line of a problem
   */
  static ConfigFile read(Arguments arguments) {
    return arguments
        .value(AgentOptions.CONFIG)
        .map(file -> ConfigFile.read(file, OPTIONS))
        .orElse(ConfigFile.NONE);
  }
}
