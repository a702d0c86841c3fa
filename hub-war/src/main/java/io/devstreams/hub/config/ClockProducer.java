package io.devstreams.hub.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** Supplies the UTC system clock to the hub's services; unit tests pass a fixed clock instead. */
@ApplicationScoped
public class ClockProducer {

  @Produces
  Clock clock() {
    return Clock.systemUTC();
  }
}
