package io.devstreams.hub.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The hub's JAX-RS application, served at the root of the hub's HTTPS listener. */
@ApplicationPath("/")
public class HubApplication extends Application {}
