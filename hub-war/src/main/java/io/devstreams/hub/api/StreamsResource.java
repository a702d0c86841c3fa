package io.devstreams.hub.api;

import io.devstreams.hub.auth.Right;
import io.devstreams.hub.control.StreamInitiation;
import io.devstreams.hub.control.StreamOutcome;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.registry.StreamHistory;
import io.devstreams.hub.registry.StreamHistoryPage;
import io.devstreams.hub.settings.ControlSettings;
import io.devstreams.hub.settings.HubSettings;
import io.devstreams.hub.streams.StreamStatistics;
import io.devstreams.protocol.Headers;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Stream initiation in Azure's shape ({@code POST /twins/{id}/streams/{name}}), the list of active
 * streams and the stream history. The request is suspended, not blocked, while the device is asked.
 */
@Path("/")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StreamsResource {

  @Inject StreamInitiation initiation;
  @Inject StreamStatistics streams;
  @Inject ControlSettings settings;
  @Inject StreamHistory history;
  @Inject HubSettings hubSettings;

  /** Asks the device for a stream; answers with Azure's {@code iothub-streaming-*} headers. */
  @POST
  @Path("twins/{deviceId}/streams/{name}")
  @RequiresRight(Right.SERVICE_CONNECT)
  public void create(
      @PathParam("deviceId") String deviceId,
      @PathParam("name") String name,
      @HeaderParam(Headers.STREAMING_CONNECT_TIMEOUT) String connectTimeout,
      @HeaderParam(Headers.STREAMING_RESPONSE_TIMEOUT) String responseTimeout,
      @Context SecurityContext security,
      @Suspended AsyncResponse async) {
    ControlSettings s = settings;
    Duration connect =
        TimeoutHeader.parse(
            Headers.STREAMING_CONNECT_TIMEOUT,
            connectTimeout,
            s.connectTimeout(),
            s.connectTimeoutMax(),
            true);
    Duration respond =
        TimeoutHeader.parse(
            Headers.STREAMING_RESPONSE_TIMEOUT,
            responseTimeout,
            s.responseTimeout(),
            s.responseTimeoutMax(),
            false);
    async.setTimeout(
        connect.plus(respond).plusSeconds(5).toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    initiation
        .initiate(security.getUserPrincipal().getName(), deviceId, name, connect, respond)
        .whenComplete(
            (outcome, e) -> {
              // resume(Throwable) goes through the exception mappers; resume(Object) would not.
              if (e == null) {
                async.resume(toResponse(outcome));
              } else {
                async.resume(unwrap(e));
              }
            });
  }

  /** Lists the streams now active on this hub, with bytes relayed each way. */
  @GET
  @Path("streams")
  @RequiresRight(Right.SERVICE_CONNECT)
  public List<StreamJson> active() {
    return streams.active().stream().map(StreamJson::from).toList();
  }

  /**
   * Returns a page of the stream history, newest first, optionally of one device, continued with
   * {@code x-ms-continuation} like the device listing.
   */
  @GET
  @Path("streams/history")
  @RequiresRight(Right.SERVICE_CONNECT)
  public Response history(
      @QueryParam("top") String top,
      @QueryParam("deviceId") String deviceId,
      @HeaderParam(DevicesResource.CONTINUATION) String continuation) {
    StreamHistoryPage page = history.page(PageSize.parse(top, hubSettings), continuation, deviceId);
    List<StreamHistoryJson> records = page.records().stream().map(StreamHistoryJson::from).toList();
    Response.ResponseBuilder response = Response.ok(new GenericEntity<>(records) {});
    if (page.continuation() != null) {
      response.header(DevicesResource.CONTINUATION, page.continuation());
    }
    return response.build();
  }

  private static Response toResponse(StreamOutcome outcome) {
    Response.ResponseBuilder r =
        Response.ok(new StreamOutcomeJson(outcome.accepted(), outcome.url(), outcome.reason()))
            .header(Headers.STREAMING_IS_ACCEPTED, outcome.accepted() ? "True" : "False");
    if (outcome.accepted()) {
      r.header(Headers.STREAMING_URL, outcome.url())
          .header(Headers.STREAMING_AUTH_TOKEN, outcome.serviceToken());
    }
    return r.build();
  }

  private static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof HubException ? t : e;
  }
}
