package io.devstreams.hub.api.console;

import io.devstreams.hub.api.RequiresRight;
import io.devstreams.hub.auth.Right;
import io.devstreams.hub.console.ConsoleSessions;
import io.devstreams.hub.console.LiveFeeds;
import io.devstreams.hub.console.LiveStream;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.streams.StreamPairing;
import io.devstreams.protocol.ErrorCode;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;

/**
 * The console's Streams page: the active streams, live, with their rates, and closing one. Both
 * need {@code ServiceConnect}, the right of {@code GET /streams}.
 */
@Path("console/api/streams")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleStreamsResource {

  @Inject LiveFeeds feeds;
  @Inject StreamPairing pairing;

  /**
   * Sends the active streams with their bytes and rates as a server-sent event ({@code streams})
   * every second.
   */
  @GET
  @Path("live")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RequiresRight(Right.SERVICE_CONNECT)
  public void live(
      @CookieParam(ConsoleSessions.COOKIE) String cookie,
      @Context SseEventSink sink,
      @Context Sse sse) {
    feeds.streams(
        ConsoleSessions.sessionKey(cookie),
        new SseLiveSink<List<LiveStream>, LiveStream[]>(
            sink, sse, "streams", LiveStream[].class, list -> list.toArray(LiveStream[]::new)));
  }

  /**
   * Closes an active stream: both sides get 4008 with a reason naming the signed-in policy, which
   * the stream's audit record carries.
   */
  @POST
  @Path("{id}/close")
  @RequiresRight(Right.SERVICE_CONNECT)
  public Response close(@PathParam("id") String streamId, @Context SecurityContext security) {
    if (!pairing.close(streamId, security.getUserPrincipal().getName())) {
      throw new HubException(
          HubException.Kind.NOT_FOUND,
          ErrorCode.NOT_FOUND,
          "stream '" + streamId + "' is not active on this hub (it has ended)");
    }
    return Response.noContent().build();
  }
}
