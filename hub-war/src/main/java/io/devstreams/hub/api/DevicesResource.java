package io.devstreams.hub.api;

import io.devstreams.hub.auth.DeviceCertificateListener;
import io.devstreams.hub.auth.Right;
import io.devstreams.hub.registry.AuthType;
import io.devstreams.hub.registry.DevicePage;
import io.devstreams.hub.registry.DeviceQuery;
import io.devstreams.hub.registry.DeviceRegistry;
import io.devstreams.hub.registry.DeviceSpec;
import io.devstreams.hub.registry.DeviceView;
import io.devstreams.hub.registry.IfMatch;
import io.devstreams.hub.settings.HubSettings;
import io.devstreams.protocol.Headers;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.GenericEntity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The device registry in Azure IoT Hub's REST shape; {@code ?api-version=} is accepted and ignored.
 */
@Path("devices")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DevicesResource {

  /** Response and request header carrying the opaque continuation of a device listing. */
  public static final String CONTINUATION = "x-ms-continuation";

  /** Request header of a device query: the page size, as {@code top} is for a listing. */
  public static final String MAX_ITEM_COUNT = "x-ms-max-item-count";

  /** Response header of a device query naming what its items are; always {@code twin}. */
  public static final String ITEM_TYPE = "x-ms-item-type";

  @Inject DeviceRegistry registry;

  @Inject HubSettings settings;

  @Inject DeviceCertificateListener certificateListener;

  /** Returns one device with its {@code ETag}. */
  @GET
  @Path("{id}")
  @RequiresRight(Right.REGISTRY_READ)
  public Response get(@PathParam("id") String id) {
    return withEtag(registry.get(id));
  }

  /** Returns a page of devices in id order, continued with {@code x-ms-continuation}. */
  @GET
  @RequiresRight(Right.REGISTRY_READ)
  public Response list(
      @QueryParam("top") String top, @HeaderParam(CONTINUATION) String continuation) {
    DevicePage page = registry.list(PageSize.parse(top, settings), continuation);
    List<DeviceJson> devices = page.devices().stream().map(DeviceJson::from).toList();
    Response.ResponseBuilder response = Response.ok(new GenericEntity<>(devices) {});
    if (page.continuation() != null) {
      response.header(CONTINUATION, page.continuation());
    }
    return response.build();
  }

  /**
   * Runs a device query, {@code {"query": "SELECT * FROM devices WHERE ..."}} (the part of Azure's
   * query language in {@link DeviceQuery}), returning a page of twins in id order, continued with
   * {@code x-ms-continuation}.
   */
  @POST
  @Path("query")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRight(Right.REGISTRY_READ)
  public Response query(
      @HeaderParam(MAX_ITEM_COUNT) String maxItemCount,
      @HeaderParam(CONTINUATION) String continuation,
      JsonValue body) {
    DeviceQuery query = DeviceQuery.parse(QueryJsonReader.read(body));
    DevicePage page =
        registry.query(query, PageSize.parse(maxItemCount, MAX_ITEM_COUNT, settings), continuation);
    List<TwinJson> twins = page.devices().stream().map(TwinJson::from).toList();
    Response.ResponseBuilder response =
        Response.ok(new GenericEntity<>(twins) {}).header(ITEM_TYPE, "twin");
    if (page.continuation() != null) {
      response.header(CONTINUATION, page.continuation());
    }
    return response.build();
  }

  /**
   * Creates a device, or with {@code If-Match} (an etag or {@code *}) replaces it; without {@code
   * If-Match} an existing id is a 409, as in Azure.
   */
  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  @RequiresRight(Right.REGISTRY_WRITE)
  public Response put(
      @PathParam("id") String id, @HeaderParam(Headers.IF_MATCH) String ifMatch, JsonValue body) {
    DeviceSpec spec = DeviceJsonReader.read(id, body);
    IfMatch condition = IfMatch.parse(ifMatch);
    return withEtag(condition == null ? registry.create(spec) : registry.update(spec, condition));
  }

  /** Deletes a device; {@code If-Match} (an etag or {@code *}) is optional and means {@code *}. */
  @DELETE
  @Path("{id}")
  @RequiresRight(Right.REGISTRY_WRITE)
  public Response delete(
      @PathParam("id") String id, @HeaderParam(Headers.IF_MATCH) String ifMatch) {
    IfMatch condition = IfMatch.parse(ifMatch);
    registry.delete(id, condition == null ? IfMatch.ANY : condition);
    return Response.noContent().build();
  }

  /** The device and its {@code ETag}; a certificate device's also the listener it connects to. */
  private Response withEtag(DeviceView device) {
    Response.ResponseBuilder response =
        Response.ok(DeviceJson.from(device)).tag(new EntityTag(device.etag()));
    if (device.authType() == AuthType.SELF_SIGNED && certificateListener.port() != 0) {
      response.header(Headers.DEVICE_CERT_HOST, certificateListener.publicHost());
    }
    return response.build();
  }
}
