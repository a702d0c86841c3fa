package io.devstreams.hub.control;

import io.devstreams.hub.streams.StreamBroker;
import io.devstreams.protocol.CloseCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import sun.misc.Signal;

/**
 * Makes SIGTERM (and Ctrl-C) a graceful stop: the hub first {@link StreamBroker#drain drains} while
 * everything is still up, so that new stream requests get a clear 503 from the REST API and open
 * streams keep relaying for the grace period; then it closes the devices' control channels with
 * 1001 and a reason, so that agents log why and reconnect, and only then exits, which runs Payara's
 * own shutdown. Without this, the JVM's default handler would start Payara's shutdown at once, and
 * the REST API would be gone (a bare 500) during the grace period.
 *
 * <p>{@code sun.misc.Signal} is the JDK's only way to handle a signal before shutdown hooks run;
 * where it is unavailable the hub logs so and a SIGTERM closes open streams without a grace.
 */
@ApplicationScoped
public class GracefulShutdown {

  private static final System.Logger LOG = System.getLogger(GracefulShutdown.class.getName());

  @Inject StreamBroker broker;
  @Inject DeviceChannels channels;

  /** The application's class loader: the container's proxies need it on the stopping thread. */
  private volatile ClassLoader application;

  void install(@Observes @Initialized(ApplicationScoped.class) Object event) {
    application = Thread.currentThread().getContextClassLoader();
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
              if (broker.isDraining()) {
                LOG.log(Level.INFO, "SIG" + signal.getName() + " again: stopping now");
              } else {
                LOG.log(Level.INFO, "SIG" + signal.getName() + ": stopping gracefully");
                broker.drain();
                broker.closeAll(); // streams first, so that agents hear 4007 before their 1001
                channels.closeAll(CloseCodes.GOING_AWAY, "hub is shutting down");
              }
              System.exit(0);
            },
            "devstreams-shutdown");
    stopper.setContextClassLoader(application);
    stopper.start();
  }
}
