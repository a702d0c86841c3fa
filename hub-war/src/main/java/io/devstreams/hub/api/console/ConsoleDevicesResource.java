package io.devstreams.hub.api.console;

import io.devstreams.hub.api.RequiresRight;
import io.devstreams.hub.auth.Right;
import io.devstreams.hub.console.ConsoleDevices;
import io.devstreams.hub.console.ConsoleSessions;
import io.devstreams.hub.console.LiveFeeds;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.registry.DeviceSearch;
import io.devstreams.hub.registry.DeviceSearchPage;
import io.devstreams.hub.registry.DeviceSearchQuery;
import io.devstreams.hub.registry.DeviceStatus;
import io.devstreams.protocol.Headers;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * The console's Devices page: search and page, a live feed of the page's devices, and the changes,
 * each with the right of the REST operation it mirrors ({@code GET} and {@code PUT/DELETE
 * /devices}).
 */
@Path("console/api/devices")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleDevicesResource {

  private static final int PAGE = 50;

  @Inject DeviceSearch search;
  @Inject ConsoleDevices devices;
  @Inject LiveFeeds feeds;

  /** Returns a page of devices whose id contains {@code q}, in the given state. */
  @GET
  @RequiresRight(Right.REGISTRY_READ)
  public DevicePageJson list(
      @QueryParam("q") String text,
      @QueryParam("state") String state,
      @QueryParam("continuation") String continuation,
      @QueryParam("top") String top) {
    return DevicePageJson.from(search.search(query(text, state, continuation, top)));
  }

  /** Sends the same page as server-sent events ({@code devices}) whenever it changes. */
  @GET
  @Path("live")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RequiresRight(Right.REGISTRY_READ)
  public void live(
      @QueryParam("q") String text,
      @QueryParam("state") String state,
      @QueryParam("continuation") String continuation,
      @QueryParam("top") String top,
      @CookieParam(ConsoleSessions.COOKIE) String cookie,
      @Context SseEventSink sink,
      @Context Sse sse) {
    feeds.devices(
        ConsoleSessions.sessionKey(cookie),
        query(text, state, continuation, top),
        new SseLiveSink<DeviceSearchPage, DevicePageJson>(
            sink, sse, "devices", DevicePageJson.class, DevicePageJson::from));
  }

  /** Creates an enabled device with new keys; answers with its connection string, once. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRight(Right.REGISTRY_WRITE)
  public Response create(JsonValue body) {
    KeyedDeviceJson created = KeyedDeviceJson.from(devices.create(deviceId(body)));
    return Response.status(Response.Status.CREATED).entity(created).build();
  }

  /** Enables a device. */
  @POST
  @Path("{id}/enable")
  @RequiresRight(Right.REGISTRY_WRITE)
  public ConsoleDeviceJson enable(
      @PathParam("id") String id, @HeaderParam(Headers.IF_MATCH) String etag) {
    return ConsoleDeviceJson.from(devices.setStatus(id, DeviceStatus.ENABLED, etag));
  }

  /** Disables a device: its tokens are refused from now on. */
  @POST
  @Path("{id}/disable")
  @RequiresRight(Right.REGISTRY_WRITE)
  public ConsoleDeviceJson disable(
      @PathParam("id") String id, @HeaderParam(Headers.IF_MATCH) String etag) {
    return ConsoleDeviceJson.from(devices.setStatus(id, DeviceStatus.DISABLED, etag));
  }

  /** Gives a device new keys; answers with the new connection string, once. */
  @POST
  @Path("{id}/rotate-keys")
  @RequiresRight(Right.REGISTRY_WRITE)
  public KeyedDeviceJson rotateKeys(
      @PathParam("id") String id, @HeaderParam(Headers.IF_MATCH) String etag) {
    return KeyedDeviceJson.from(devices.rotateKeys(id, etag));
  }

  /** Deletes a device. */
  @DELETE
  @Path("{id}")
  @RequiresRight(Right.REGISTRY_WRITE)
  public Response delete(@PathParam("id") String id, @HeaderParam(Headers.IF_MATCH) String etag) {
    devices.delete(id, etag);
    return Response.noContent().build();
  }

  private static DeviceSearchQuery query(
      String text, String state, String continuation, String top) {
    return new DeviceSearchQuery(
        text,
        DeviceSearchQuery.State.parse(state),
        continuation == null || continuation.isBlank() ? null : continuation,
        ConsoleParams.top(top, PAGE));
  }

  private static String deviceId(JsonValue body) {
    if (body instanceof JsonObject object && object.get("deviceId") instanceof JsonString id) {
      return id.getString();
    }
    throw HubException.badRequest("the body must be a JSON object with a string 'deviceId'");
  }
}
