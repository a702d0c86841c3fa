package io.devstreams.service.cli;

import io.devstreams.protocol.DeviceIds;
import io.devstreams.protocol.cli.HubAccess;
import io.devstreams.protocol.cli.OptionSpec;
import io.devstreams.protocol.cli.UsageException;
import io.devstreams.protocol.cli.WholeNumber;
import io.devstreams.protocol.tunnel.StreamResult;
import io.devstreams.protocol.tunnel.TunnelStream;
import io.devstreams.service.ActiveStream;
import io.devstreams.service.Json;
import io.devstreams.service.LocalForwarder;
import io.devstreams.service.MuxStreams;
import io.devstreams.service.StreamHistoryEntry;
import io.devstreams.service.StreamOpener;
import io.devstreams.service.StreamTarget;
import io.devstreams.service.StreamTimeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stream commands: {@code forward} (the service-side local proxy), {@code stdio} (one stream on
 * standard input and output, for {@code ssh -o ProxyCommand}) and {@code streams} (what the hub
 * relays now).
 */
final class StreamCommands {

  /** The local port {@code forward} listens on. */
  static final OptionSpec LOCAL_PORT =
      new OptionSpec("--local-port", "N", "local TCP port to listen on (0: any free port)");

  /** Default of {@link #BIND}: loopback only, so the forwarded port is not open to the network. */
  static final String DEFAULT_BIND = "127.0.0.1";

  /** The local address {@code forward} listens on. */
  static final OptionSpec BIND =
      new OptionSpec("--bind", "ADDR", "local address to listen on (default " + DEFAULT_BIND + ")");

  /** How long the hub waits for an offline device. */
  static final OptionSpec CONNECT_TIMEOUT =
      new OptionSpec(
          "--connect-timeout", "S", "seconds the hub waits for an offline device (hub default 0)");

  /** How long a device has to accept. */
  static final OptionSpec RESPONSE_TIMEOUT =
      new OptionSpec(
          "--response-timeout", "S", "seconds the device has to accept (hub default 30)");

  /** Which protocol carries the streams: 2 (one connection for all) or 1 (one per stream). */
  static final OptionSpec PROTOCOL = HubAccess.PROTOCOL;

  /** The environment variable that sets {@link #PROTOCOL} when the flag is absent. */
  static final String PROTOCOL_ENV = HubAccess.PROTOCOL_ENV;

  /** Default of {@link #PROTOCOL}: v2, every stream on one connection. */
  static final int DEFAULT_PROTOCOL = 2;

  /** Where {@code master} publishes its port and secret (mode 0600). */
  static final OptionSpec STATE_FILE =
      new OptionSpec("--state-file", "FILE", "where to publish the port and secret (mode 0600)");

  /** How long {@code master} stays up without a stream. */
  static final OptionSpec IDLE =
      new OptionSpec("--idle", "S", "stop after this many seconds without a stream (600)");

  /** Default of {@link #IDLE}. */
  static final int DEFAULT_IDLE_SECONDS = 600;

  /** {@code streams --history}: ended and refused streams instead of the active ones. */
  static final OptionSpec HISTORY =
      new OptionSpec(
          "--history", null, "list past stream requests: who, outcome, duration, bytes, close");

  /** {@code streams --history --device ID}: one device's history. */
  static final OptionSpec DEVICE =
      new OptionSpec("--device", "ID", "with --history: only this device's streams");

  /** Default of {@link #LIMIT}. */
  static final int DEFAULT_LIMIT = 100;

  /** {@code streams --history --limit N}: how many records, newest first. */
  static final OptionSpec LIMIT =
      new OptionSpec(
          "--limit",
          "N",
          "with --history: at most N records, newest first (" + DEFAULT_LIMIT + ")");

  /** How long a stopping {@code forward} waits for its streams to close. */
  static final long STOP_WAIT_SECONDS = 3;

  private static final WholeNumber PORT = new WholeNumber("a port number", 0, 65535);
  private static final WholeNumber RECORDS =
      new WholeNumber("a whole number", 1, Integer.MAX_VALUE);
  private static final List<String> DEVICE_AND_SERVICE = List.of("DEVICE_ID", "SERVICE");

  private StreamCommands() {}

  /** Returns the specs of {@code forward}, {@code stdio} and {@code streams}. */
  static List<CommandSpec> specs() {
    return List.of(
        new CommandSpec(
            List.of("forward"),
            DEVICE_AND_SERVICE,
            List.of(LOCAL_PORT, BIND, CONNECT_TIMEOUT, RESPONSE_TIMEOUT, PROTOCOL),
            List.of(LOCAL_PORT),
            "listen on a local port; one stream to the service per connection",
            StreamCommands::forward),
        new CommandSpec(
            List.of("stdio"),
            DEVICE_AND_SERVICE,
            List.of(CONNECT_TIMEOUT, RESPONSE_TIMEOUT, PROTOCOL),
            "carry one stream on stdin and stdout (ssh -o ProxyCommand)",
            StreamCommands::stdio),
        new CommandSpec(
            List.of("master"),
            List.of(),
            List.of(STATE_FILE, IDLE),
            List.of(STATE_FILE),
            "keep one v2 connection open for stdio streams (bin/devstreams starts it)",
            StreamCommands::master),
        new CommandSpec(
            List.of("streams"),
            List.of(),
            List.of(GlobalOptions.JSON, HISTORY, DEVICE, LIMIT),
            "list the streams the hub relays now (or with --history, past ones)",
            StreamCommands::streams));
  }

  private static void forward(Invocation run) {
    StreamTarget target = target(run);
    InetSocketAddress local = new InetSocketAddress(bindAddress(run), localPort(run));
    StreamOpener opener = opener(run);
    LocalForwarder forwarder;
    try {
      forwarder = LocalForwarder.start(opener, target, local, new ForwardLog(run));
    } catch (IOException e) {
      throw new CommandException(
          "cannot listen on " + StreamOutput.address(local) + ": " + lowerFirst(e.getMessage()), e);
    }
    run.out()
        .println("forwarding " + StreamOutput.address(forwarder.localAddress()) + " -> " + target);
    run.out().flush();
    try (StopSignal.Registration stop = run.terminal().stopSignal().onStop(() -> stop(forwarder))) {
      forwarder.stopped().join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new CommandException(String.valueOf(cause.getMessage()), cause);
    }
  }

  /** Stops listening and waits a little for the open streams to close cleanly. */
  private static void stop(LocalForwarder forwarder) {
    forwarder.close();
    try {
      forwarder.stopped().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // stopping anyway: streams still open die with the process
    }
  }

  private static void stdio(Invocation run) {
    StreamTarget target = target(run);
    TunnelStream channel = opener(run).open(target);
    Terminal terminal = run.terminal();
    StreamResult result =
        channel.bridge(terminal.in(), terminal.stdout(), () -> close(terminal)).join();
    if (!result.isNormal()) {
      throw new CommandException("stream to " + target + " ended: " + result.describe());
    }
  }

  /**
   * Connects to the hub, publishes a loopback port for {@code bin/devstreams stdio} and opens their
   * streams on the one connection until idle (see {@link StreamMaster}).
   */
  private static void master(Invocation run) {
    java.nio.file.Path state = java.nio.file.Path.of(run.line().value(STATE_FILE).orElseThrow());
    Integer idle = seconds(run, IDLE, 1);
    MuxStreams streams = run.streams().multiplexed();
    streams.connect();
    try (StreamMaster master =
        StreamMaster.start(
            streams,
            streams::isConnected,
            (args, out, err) -> DevstreamsMain.runShared(args, run, Terminal.of(out, err)),
            state,
            java.time.Duration.ofSeconds(idle == null ? DEFAULT_IDLE_SECONDS : idle))) {
      master.serve();
    } catch (IOException e) {
      throw new CommandException("cannot start the master: " + e.getMessage(), e);
    }
  }

  /** Half-closes: the program reading our output sees its end, as after {@code nc}'s. */
  private static void close(Terminal terminal) {
    try {
      terminal.stdout().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void streams(Invocation run) {
    boolean json = run.line().has(GlobalOptions.JSON);
    if (run.line().has(HISTORY)) {
      history(run, json);
      return;
    }
    for (OptionSpec historyOnly : List.of(DEVICE, LIMIT)) {
      if (run.line().value(historyOnly).isPresent()) {
        throw new UsageException(historyOnly.name() + " goes with --history");
      }
    }
    List<ActiveStream> streams = run.streams().activeStreams();
    run.out().print(json ? Json.writePretty(streams) + "\n" : StreamOutput.table(streams));
  }

  private static void history(Invocation run, boolean json) {
    String device = run.line().value(DEVICE).orElse(null);
    if (device != null && !DeviceIds.isValid(device)) {
      throw new UsageException(
          DEVICE.name() + ": not a valid device id: '" + ErrorMessages.oneLine(device) + "'");
    }
    int limit = run.line().find(LIMIT).map(RECORDS::parse).orElse(DEFAULT_LIMIT);
    List<StreamHistoryEntry> entries = run.streams().streamHistory(device, limit);
    run.out().print(json ? Json.writePretty(entries) + "\n" : StreamHistoryOutput.table(entries));
  }

  /** The opener the chosen protocol needs: one v2 connection, or v1's connection per stream. */
  private static StreamOpener opener(Invocation run) {
    return HubAccess.protocol(run.resolver(), DEFAULT_PROTOCOL) == 2
        ? run.streams().multiplexed()
        : run.streams().perStreamConnections();
  }

  /** Checks the arguments and timeouts before anything is sent, so mistakes are usage errors. */
  private static StreamTarget target(Invocation run) {
    StreamTimeouts timeouts =
        StreamTimeouts.ofSeconds(
            seconds(run, CONNECT_TIMEOUT, 0), seconds(run, RESPONSE_TIMEOUT, 1));
    try {
      return new StreamTarget(run.line().argument(0), run.line().argument(1), timeouts);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  private static Integer seconds(Invocation run, OptionSpec option, int min) {
    WholeNumber seconds = WholeNumber.seconds(min, Integer.MAX_VALUE);
    return run.line().find(option).map(seconds::parse).orElse(null);
  }

  private static int localPort(Invocation run) {
    return PORT.parse(run.line().find(LOCAL_PORT).orElseThrow());
  }

  private static InetAddress bindAddress(Invocation run) {
    String value = run.line().value(BIND).orElse(DEFAULT_BIND);
    try {
      return InetAddress.getByName(value);
    } catch (UnknownHostException e) {
      throw new UsageException(
          BIND.name() + ": unknown address '" + ErrorMessages.oneLine(value) + "'", e);
    }
  }

  private static String lowerFirst(String message) {
    if (message == null || message.isEmpty()) {
      return "failed";
    }
    return Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }
}
