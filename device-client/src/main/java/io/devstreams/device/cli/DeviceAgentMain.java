package io.devstreams.device.cli;

import io.devstreams.device.DeviceClient;
import io.devstreams.device.DeviceClientOptions;
import io.devstreams.device.StopReason;
import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.cli.Arguments;
import io.devstreams.protocol.cli.UsageException;
import io.devstreams.protocol.tunnel.Heartbeat;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code devstreams-device} agent: connects the device to its hub and bridges each stream to
 * the local service its name maps to; exit status 0 when stopped, 1 on failure, 2 on a usage error,
 * 3 when another agent took over the device (a service manager must not restart it then).
 */
public final class DeviceAgentMain {

  static final String PREFIX = "devstreams-device: ";
  static final Duration TARGET_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration STREAM_CLOSE_WAIT = Duration.ofSeconds(3);
  static final int EXIT_REPLACED = 3;
  static final String USAGE =
      """
      usage: devstreams-device --service NAME=HOST:PORT [--service NAME=HOST:PORT ...]
                               [--trust-cert FILE] [--proxy http://[USER:PASSWORD@]HOST:PORT]
                               [--connection-string-file FILE] [--cert CERT.pem --key KEY.pem]
                               [--config FILE] [--protocol 1|2]

      Connects this device to its devstreams hub and serves streams by name: a stream named NAME
      is bridged to a new TCP connection to HOST:PORT; any other name is rejected. Nothing else
      is reachable through the device.

        --service NAME=HOST:PORT       a service streams may reach (repeatable, at least one)
        --trust-cert FILE              trust the hub certificate(s) in this PEM file
                                       (default: $DEVSTREAMS_TRUST_CERT, else the JDK's CAs)
        --proxy URL                    reach the hub through this HTTP CONNECT proxy
                                       (default: $HTTPS_PROXY, honouring $NO_PROXY)
        --connection-string-file FILE  read the device connection string from FILE
                                       (default: $DEVSTREAMS_DEVICE_CONNECTION_STRING)
        --cert FILE, --key FILE        the device's X.509 certificate (PEM) and its unencrypted
                                       PKCS#8 key, for a connection string with x509=true
        --config FILE                  read settings from FILE, one 'option = value' a line
                                       (service, trust-cert, proxy, connection-string-file,
                                       cert, key); flags and environment win over it, and its
                                       services are used only when no --service is given
        --protocol N                   2 (default, or $DEVSTREAMS_PROTOCOL): streams ride the
                                       agent's one connection to the hub; 1: each stream opens
                                       a WebSocket of its own
        -h, --help                     show this help

      The connection string is a secret: it is never accepted as a flag. The agent reconnects
      forever with backoff (random jitter, capped at $DEVSTREAMS_RECONNECT_MAX_SECONDS, default
      %d); it stops when another agent connects as the same device. It pings a hub it has not
      heard from for $DEVSTREAMS_HEARTBEAT_SECONDS (default %d) and gives up on a connection or stream after three such intervals. Logs go
      to standard error; a stream's "bytes in" went to the local service, "bytes out" came
      from it.

      Exit status: 0 stopped, 1 runtime failure, 2 usage error, 3 replaced by another agent.
      """
          .formatted(
              DeviceClientOptions.defaults().maxBackoff().toSeconds(),
              Heartbeat.DEFAULT.interval().toSeconds());

  private DeviceAgentMain() {}

  /** Runs the agent; see {@link #USAGE}. */
  public static void main(String[] args) {
    System.exit(run(List.of(args), System.getenv(), System.out, System.err));
  }

  /** Runs the agent until it stops and returns the exit status. */
  static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    AgentSettings settings;
    try {
      Arguments arguments = AgentArguments.read(args);
      if (arguments.help()) {
        out.print(USAGE);
        return 0;
      }
      settings = AgentArguments.resolve(arguments, env);
    } catch (UsageException e) {
      err.println(PREFIX + e.getMessage());
      err.println(PREFIX + "run 'devstreams-device --help' for usage");
      return 2;
    }
    try {
      return serve(settings, err);
    } catch (RuntimeException e) {
      err.println(PREFIX + e.getMessage());
      return 1;
    }
  }

  private static DeviceClientOptions agentOptions(AgentSettings settings) {
    DeviceClientOptions defaults = DeviceClientOptions.defaults();
    return defaults
        .withProtocol(settings.protocol())
        .withPingInterval(settings.heartbeat().interval())
        .withBackoff(
            defaults.initialBackoff().compareTo(settings.maxBackoff()) <= 0
                ? defaults.initialBackoff()
                : settings.maxBackoff(),
            settings.maxBackoff(),
            defaults.stableAfter());
  }

  private static int serve(AgentSettings settings, PrintStream err) {
    AgentLogging.configure(err);
    LocalServiceHandler services =
        new LocalServiceHandler(settings.services(), TARGET_CONNECT_TIMEOUT);
    DeviceClient client =
        new DeviceClient(
            settings.device(), settings.endpoint(), agentOptions(settings), services, null);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> shutdown(client, services, err), "devstreams-device-shutdown"));
    System.getLogger(DeviceAgentMain.class.getName())
        .log(
            System.Logger.Level.INFO,
            "device "
                + settings.device().deviceId()
                + " serving "
                + settings.services()
                + " through "
                + settings.device().hostName()
                + (settings.endpoint().proxy() == null
                    ? ""
                    : " via proxy " + settings.endpoint().proxy()));
    client.start();
    StopReason reason = client.stopped().join();
    if (reason == StopReason.REPLACED) {
      services.closeAll(
          CloseCodes.GOING_AWAY, "agent replaced by another for this device", STREAM_CLOSE_WAIT);
      err.println(
          PREFIX
              + "stopped: another agent connected as device "
              + settings.device().deviceId()
              + " (the hub closed this one with 4004)");
      return EXIT_REPLACED;
    }
    return 0;
  }

  /**
   * On SIGTERM or SIGINT: closes open streams with 1001 and the control channel with 1000 "agent
   * stopping", then halts with status 0. Prints to {@code err} directly, because JUL's own shutdown
   * hook may already have closed the log handlers; halts because a JVM ended by a signal otherwise
   * exits with 143, which service managers (systemd) count as a failure.
   */
  private static void shutdown(DeviceClient client, LocalServiceHandler services, PrintStream err) {
    if (client.stopped().isDone()) {
      return;
    }
    int open = services.activeStreams();
    err.print(
        AgentLogging.line(
            AgentLogging.now(),
            "INFO",
            "stopping: closing the control channel and " + open + " open stream(s)",
            null));
    services.closeAll(CloseCodes.GOING_AWAY, "agent stopping", STREAM_CLOSE_WAIT);
    client.close("agent stopping");
    err.print(AgentLogging.line(AgentLogging.now(), "INFO", "stopped", null));
    err.flush();
    Runtime.getRuntime().halt(0);
  }
}
