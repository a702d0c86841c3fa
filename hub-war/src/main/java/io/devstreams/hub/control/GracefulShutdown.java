package io.devstreams.hub.control;

import io.devstreams.hub.registry.StreamAudit;
import io.devstreams.hub.streams.StreamAdmission;
import io.devstreams.hub.streams.StreamPairing;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * Makes SIGTERM (and Ctrl-C) a graceful stop: the hub first {@link StreamAdmission#drain drains}
 * while everything is still up, so that new stream requests get a clear 503 from the REST API and
 * open streams keep relaying for the grace period; then it closes the streams left with 4007 and
 * the devices' control channels with 1001 and a reason, so that agents log why and reconnect;
 * records every device Disconnected and writes every stream's record; and only then exits, which
 * runs Payara's own shutdown and closes the database. Without this, the JVM's default handler would
 * start Payara's shutdown at once, and the REST API would be gone (a bare 500) during the grace
 * period.
 *
 * <p>The stop runs in the application's context, captured by the container's {@link ContextService}
 * when the hub starts: on the JVM's signal thread the container has no invocation to run
 * transactions in (it warned on every device recorded) and injects no resources into beans first
 * created there.
 *
 * <p>{@code sun.misc.Signal} is the JDK's only way to handle a signal before shutdown hooks run;
 * where it is unavailable the hub logs so and a SIGTERM closes open streams without a grace.
 */
@ApplicationScoped
public class GracefulShutdown {

  private static final System.Logger LOG = System.getLogger(GracefulShutdown.class.getName());

  @Inject StreamAdmission admission;
  @Inject StreamPairing pairing;
  @Inject DevicePresence presence;
  @Inject StreamAudit audit;

  @Resource private ContextService context;

  /** {@link #stop}, run in the application's context from any thread. */
  private Consumer<String> stopInContext;

  @SuppressWarnings("unchecked") // the proxy implements Consumer, whose type argument is erased
  void install(@Observes @Initialized(ApplicationScoped.class) Object event) {
    stopInContext = context.createContextualProxy((Consumer<String>) this::stop, Consumer.class);
    try {
      Signal.handle(new Signal("TERM"), this::stopGracefully);
      Signal.handle(new Signal("INT"), this::stopGracefully);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      LOG.log(
          Level.WARNING,
          "cannot handle SIGTERM here (" + e.getMessage() + "): streams get no shutdown grace");
    }
  }

  private void stopGracefully(Signal signal) {
    Thread stopper =
        new Thread(
            () -> {
              try {
                stopInContext.accept("SIG" + signal.getName());
              } finally {
                System.exit(0);
              }
            },
            "devstreams-shutdown");
    stopper.start();
  }

  private void stop(String signal) {
    if (admission.isDraining()) {
      LOG.log(Level.INFO, signal + " again: stopping now");
      return;
    }
    LOG.log(Level.INFO, signal + ": stopping gracefully");
    admission.drain();
    pairing.closeAll(); // streams first, so that agents hear 4007 before their 1001
    presence.closeAll();
    audit.flush();
    LOG.log(Level.INFO, "streams and devices recorded; stopping the container");
  }
}
