package io.devstreams.hub.api.console;

import io.devstreams.hub.api.RequiresRight;
import io.devstreams.hub.auth.Right;
import io.devstreams.hub.console.HubFigures;
import io.devstreams.hub.console.HubReport;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The console's Hub page: health and key figures with their last half hour. It needs {@code
 * RegistryRead}, the right of {@code /metrics}.
 */
@Path("console/api/hub")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleHubResource {

  @Inject HubFigures figures;

  /** Returns the hub's health and figures. */
  @GET
  @RequiresRight(Right.REGISTRY_READ)
  public HubReport report() {
    return figures.report();
  }
}
