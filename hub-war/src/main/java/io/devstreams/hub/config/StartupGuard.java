package io.devstreams.hub.config;

import io.devstreams.hub.settings.SettingException;
import io.devstreams.hub.settings.SettingsProducer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Stops the hub's JVM when the hub cannot start, so that it never runs without its settings,
 * policies, database or data directory: Payara Micro keeps its JVM, and its TLS port, up after a
 * failed deployment, and a supervisor (systemd, a container runtime) would never notice.
 *
 * <p>Everything the start-up does runs inside the guard, including the creation of the beans it
 * needs: every setting is read and checked first, before any other part of the hub. On a failure
 * the guard prints one line naming the problem on standard error, exits the JVM with status {@value
 * #EXIT_STATUS} from a thread of its own (the deploying thread holds locks that Payara's shutdown
 * hooks need) and rethrows, so that the deployment fails and nothing of the hub is served
 * meanwhile. A hub is the only application in its Payara Micro, so ending the JVM ends nothing
 * else.
 */
@ApplicationScoped
public class StartupGuard {

  /** How every start-up failure line begins. */
  public static final String PREFIX = "devstreams hub cannot start: ";

  /** The JVM's exit status after a failed start (a runtime failure, as the launchers use). */
  public static final int EXIT_STATUS = 1;

  /** If the shutdown hooks have not finished by then, the JVM is halted without them. */
  private static final Duration HALT_AFTER = Duration.ofSeconds(20);

  private static final int MAX_REASON = 300;
  private static final System.Logger LOG = System.getLogger(StartupGuard.class.getName());

  @Inject Instance<SettingsProducer> settings;
  @Inject Instance<HubBootstrap> bootstrap;

  /**
   * Reads and checks every setting before any other part of the hub starts (this observer comes
   * first), so that a bad value stops the start with its one line rather than failing a service.
   */
  void checkSettings(
      @Observes
          @Priority(Interceptor.Priority.PLATFORM_BEFORE)
          @Initialized(ApplicationScoped.class)
          Object event) {
    try {
      settings.get().settings();
    } catch (RuntimeException e) {
      throw fail(e);
    }
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    try {
      bootstrap.get().start();
      // bin/devstreams-hub stops watching for a failed deployment at this line.
      LOG.log(System.Logger.Level.INFO, "hub started");
    } catch (RuntimeException e) {
      throw fail(e);
    }
  }

  private static IllegalStateException fail(RuntimeException e) {
    String line = PREFIX + reason(e);
    System.err.println(line);
    System.err.flush();
    exitSoon();
    return new IllegalStateException(line, e);
  }

  /**
   * Returns one line saying why start-up failed: the message of the outermost {@link
   * StartupException} or {@link SettingException} (it names the file or setting), else, for a
   * database failure, the driver's message, else the innermost message; never longer than {@value
   * #MAX_REASON} characters.
   */
  static String reason(Throwable failure) {
    Throwable innermost = failure;
    SQLException database = null;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StartupException || t instanceof SettingException) {
        return oneLine(t.getMessage());
      }
      if (database == null && t instanceof SQLException sql) {
        database = sql;
      }
      innermost = t;
      if (t.getCause() == t) {
        break;
      }
    }
    if (database != null) {
      return oneLine("cannot open the registry database: " + database.getMessage());
    }
    String message = innermost.getMessage();
    return oneLine(innermost.getClass().getSimpleName() + (message == null ? "" : ": " + message));
  }

  private static String oneLine(String text) {
    String line = text.strip().lines().findFirst().orElse("").strip();
    return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "...";
  }

  private static void exitSoon() {
    Thread exit = new Thread(() -> System.exit(EXIT_STATUS), "devstreams-start-failure-exit");
    exit.start();
    Thread halt =
        new Thread(
            () -> {
              try {
                // A deadline, not a wait for an event: the exit above normally ends the JVM first.
                Thread.sleep(HALT_AFTER.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(EXIT_STATUS);
            },
            "devstreams-start-failure-halt");
    halt.setDaemon(true);
    halt.start();
  }
}
