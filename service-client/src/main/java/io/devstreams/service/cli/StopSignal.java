package io.devstreams.service.cli;

import java.io.PrintStream;

/**
 * Where a long-running command ({@code forward}) hears that the process should stop: SIGTERM,
 * Ctrl-C or a hang-up in the real process, a test's call in-process.
 */
@FunctionalInterface
interface StopSignal {

  /** A signal that never comes. */
  StopSignal NEVER = stop -> () -> {};

  /**
   * Arranges for {@code stop} to run when the process is asked to stop; closing the returned handle
   * cancels that.
   */
  Registration onStop(Runnable stop);

  /** Cancels an {@link #onStop} arrangement; idempotent. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Returns the signal of a real process: a shutdown hook that runs {@code stop}, flushes both
   * streams and halts with exit code 0, because a stop the user asked for is a success (the JVM
   * would otherwise exit with 128 + the signal's number).
   */
  static StopSignal shutdownHook(PrintStream out, PrintStream err) {
    return stop -> {
      Thread hook =
          new Thread(
              () -> {
                stop.run();
                out.flush();
                err.flush();
                Runtime.getRuntime().halt(DevstreamsMain.OK);
              },
              "devstreams-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      return () -> {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running already: it decides the exit code
        }
      };
    };
  }
}
