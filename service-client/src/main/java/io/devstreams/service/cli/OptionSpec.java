package io.devstreams.service.cli;

import java.util.List;

/**
 * One {@code --option} of the command line, with the name of its value (null for a flag) and a line
 * of help; the options every command knows are constants here.
 *
 * @param name the option, for example {@code --trust-cert}
 * @param valueName what the value is, for example {@code FILE}, or null for a flag
 * @param help one line for {@code --help}
 */
record OptionSpec(String name, String valueName, String help) {

  /** The hub certificate to trust. */
  static final OptionSpec TRUST_CERT =
      new OptionSpec("--trust-cert", "FILE", "PEM file of the hub's certificate to trust");

  /** Where to read the service connection string from, instead of the environment. */
  static final OptionSpec CONNECTION_STRING_FILE =
      new OptionSpec("--connection-string-file", "FILE", "file with the service connection string");

  /** Print the hub's JSON instead of text for people. */
  static final OptionSpec JSON =
      new OptionSpec("--json", null, "print the hub's JSON (Azure IoT Hub shape)");

  /** Options that every command accepts. */
  static final OptionSpec PROXY =
      new OptionSpec(
          "--proxy", "URL", "HTTP CONNECT proxy to the hub: http://[USER:PASS@]HOST:PORT");

  static final List<OptionSpec> GLOBAL = List.of(TRUST_CERT, CONNECTION_STRING_FILE, PROXY);

  /** Returns whether the option takes a value. */
  boolean takesValue() {
    return valueName != null;
  }

  /** Returns how the option is written in a synopsis: {@code --trust-cert FILE}. */
  String synopsis() {
    return takesValue() ? name + " " + valueName : name;
  }
}
