package io.devstreams.hub.control.ws;

import io.devstreams.hub.control.DeviceChannels;
import io.devstreams.hub.control.DevicePresence;
import io.devstreams.hub.control.StreamInitiation;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Creates each control connection's {@link ControlEndpoint} with the three control services it
 * needs. Left to itself, Tyrus's CDI integration builds a new injection target for every connection
 * (reflective copies of the constructor and of each injected field, a creational context) and keeps
 * it until the connection ends: about 1 KiB of heap per idle device. The services are application
 * scoped, so they are looked up once, on the first connection, and shared.
 */
public class ControlEndpointConfigurator extends ServerEndpointConfig.Configurator {
  private volatile Services services;

  /** The services every endpoint gets. */
  record Services(DevicePresence presence, DeviceChannels channels, StreamInitiation initiation) {}

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
    if (endpointClass != ControlEndpoint.class) {
      throw new InstantiationException("not a control endpoint: " + endpointClass.getName());
    }
    Services s = services();
    return endpointClass.cast(new ControlEndpoint(s.presence(), s.channels(), s.initiation()));
  }

  private Services services() {
    Services s = services;
    if (s == null) {
      CDI<Object> cdi = CDI.current();
      s =
          new Services(
              cdi.select(DevicePresence.class).get(),
              cdi.select(DeviceChannels.class).get(),
              cdi.select(StreamInitiation.class).get());
      services = s; // the same client proxies whichever thread gets here first
    }
    return s;
  }
}
