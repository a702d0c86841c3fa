package io.devstreams.service.cli;

import io.devstreams.protocol.cli.UsageException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code devstreams} command: {@code devstreams [OPTIONS] COMMAND [ARGS]}; see {@code
 * devstreams --help}. Exit code 0 on success, 1 on a runtime failure, 2 on a usage error, each
 * error one line on standard error.
 */
public final class DevstreamsMain {

  /** Exit code of a successful command. */
  public static final int OK = 0;

  /** Exit code of a failure while running (hub unreachable, refused, error answer). */
  public static final int FAILURE = 1;

  /** Exit code of a wrong command line or configuration. */
  public static final int USAGE = 2;

  static final String DEBUG_ENV = "DEVSTREAMS_DEBUG";

  private static final String PREFIX = "devstreams: ";

  private DevstreamsMain() {}

  /** Runs the CLI and exits with its exit code. */
  public static void main(String[] args) {
    Map<String, String> env = System.getenv();
    CliLogging.configure(System.err, debug(env));
    Terminal terminal =
        new Terminal(
            new FileInputStream(FileDescriptor.in),
            new FileOutputStream(FileDescriptor.out),
            System.out,
            System.err,
            StopSignal.shutdownHook(System.out, System.err));
    int status = run(Arrays.asList(args), env, terminal);
    System.out.flush();
    System.exit(status);
  }

  /**
   * Runs one command line in an environment on a terminal.
   *
   * @return the exit code
   */
  static int run(List<String> args, Map<String, String> env, Terminal terminal) {
    return run(args, env, terminal, null);
  }

  /**
   * Runs one of the {@link #ONE_REQUEST} commands (with no option but {@code --json}) on the hub
   * connection of {@code master}, for {@code bin/devstreams} through the master; any other command
   * line is a usage error.
   *
   * @return the exit code
   */
  static int runShared(List<String> args, Invocation master, Terminal terminal) {
    return run(args, Map.of(), terminal, Objects.requireNonNull(master, "master"));
  }

  private static int run(
      List<String> args, Map<String, String> env, Terminal terminal, Invocation master) {
    PrintStream out = terminal.out();
    PrintStream err = terminal.err();
    List<CommandSpec> commands = Commands.all();
    Invocation invocation = null;
    try {
      CommandLine line = new CommandLineParser(commands).parse(args);
      if (line.help()) {
        out.print(Help.forTopic(line, commands));
        return OK;
      }
      if (master == null) {
        invocation = new Invocation(line, env, terminal);
      } else {
        requireOneRequest(line, args);
        invocation = master.sharing(line, terminal);
      }
      line.command().action().run(invocation);
      return OK;
    } catch (UsageException e) {
      report(err, ErrorMessages.oneLine(e.getMessage()), e, env);
      return USAGE;
    } catch (RuntimeException e) {
      Optional<Settings> settings =
          invocation == null ? Optional.empty() : invocation.resolvedSettings();
      report(err, ErrorMessages.describe(e, settings), e, env);
      return FAILURE;
    } finally {
      out.flush();
    }
  }

  /**
   * The commands the master runs for {@code bin/devstreams}: each one request to the hub, reading
   * no file and no standard input.
   */
  static final Set<List<String>> ONE_REQUEST =
      Set.of(List.of("device", "list"), List.of("device", "show"));

  private static void requireOneRequest(CommandLine line, List<String> args) {
    long options = args.stream().filter(a -> a.startsWith("-")).count();
    boolean onlyJson = options == 0 || (options == 1 && line.has(GlobalOptions.JSON));
    if (line.command() == null || !ONE_REQUEST.contains(line.command().words()) || !onlyJson) {
      throw new UsageException(
          "the master runs only 'device list' and 'device show ID', with --json at most: "
              + String.join(" ", args));
    }
  }

  private static void report(
      PrintStream err, String message, RuntimeException failure, Map<String, String> env) {
    err.println(PREFIX + message);
    if (debug(env)) {
      failure.printStackTrace(err);
    }
    err.flush();
  }

  private static boolean debug(Map<String, String> env) {
    String value = env.get(DEBUG_ENV);
    return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
  }
}
