package io.devstreams.hub.config;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The lines the hub prints on standard output at start-up, for the person who started it.
 *
 * <p>The owner connection string is shown only on a terminal: standard output that is not one is
 * captured by something (systemd's journal, a container log, a CI log) that keeps it for longer,
 * and for more readers, than the file of mode 0600 that holds it.
 *
 * @param out where to print
 * @param terminal whether {@code out} is a terminal a person watches
 */
record StartupMessages(PrintStream out, boolean terminal) {

  /** Explains the first start and shows the owner connection string once, on a terminal only. */
  void firstStart(String ownerConnectionString, Optional<Path> ownerFile) {
    out.println("devstreams hub: first start; created the shared access policies");
    out.println("  iothubowner (all rights), service, registryRead, registryReadWrite, metrics.");
    if (terminal) {
      out.println("Owner connection string (every right: keep it secret):");
      out.println("  " + ownerConnectionString);
    } else {
      out.println("Owner connection string (every right): not shown, this is not a terminal.");
    }
    out.println(
        ownerFile
            .map(
                file ->
                    "Saved to "
                        + file
                        + " (mode 0600); use it with:\n  export DEVSTREAMS_CONNECTION_STRING=\"$(cat "
                        + file
                        + ")\"")
            .orElse("Not saved: the hub has no data directory."));
    out.flush();
  }

  /** The one line printed on every start. */
  void listening(String publicHost, Optional<Path> dataDir) {
    String data = dataDir.map(Path::toString).orElse("in memory only");
    out.println("devstreams hub listening on https://" + publicHost + " (data: " + data + ")");
    out.flush();
  }

  /** The line naming the device-certificate listener, when there is one. */
  void deviceCertificates(String hostPort) {
    out.println(
        "devstreams hub: devices with X.509 certificates connect to https://"
            + hostPort
            + " (mutual TLS)");
    out.flush();
  }
}
