package io.devstreams.service;

import io.devstreams.protocol.DeviceIds;
import io.devstreams.protocol.Headers;
import io.devstreams.protocol.StreamNames;
import io.devstreams.protocol.tunnel.StreamChannel;
import io.devstreams.protocol.tunnel.TunnelStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The service side of device streams: asks the hub for a stream to a device's service ({@code POST
 * /twins/{id}/streams/{name}}), joins an accepted stream on the streaming endpoint as a {@link
 * StreamChannel}, and lists the streams the hub relays now ({@code GET /streams}).
 *
 * <p>Requests are signed with the connection's policy, which needs the {@code ServiceConnect}
 * right. Failures are {@link DeviceNotFoundException} (404001), {@link HubException} for any other
 * error answer (404103 not online, 504101 no answer in time, 401, 403, ...), {@link
 * StreamRejectedException} when the device says no, {@link StreamOpenException} when an accepted
 * stream cannot be joined and {@link HubConnectionException} when the hub cannot be talked to.
 * Accepting a stream reads only headers, so the common path never starts JSON-B (a start-up cost
 * that {@code ssh -o ProxyCommand} would wait for on every connection).
 */
public final class ServiceClient {

  /** Extra time, on top of the hub's own waits, to wait for its answer to a stream request. */
  static final Duration ANSWER_MARGIN = Duration.ofSeconds(10);

  /** The largest page of stream history asked for at once (the hub's default maximum). */
  static final int HISTORY_PAGE = 1000;

  private final HubConnection hub;

  /** Creates a client that sends its requests and opens its streams through {@code hub}. */
  public ServiceClient(HubConnection hub) {
    this.hub = Objects.requireNonNull(hub, "hub");
  }

  /** Returns the connection this client uses. */
  public HubConnection hub() {
    return hub;
  }

  /**
   * Asks the device for a stream to its service {@code serviceName} and returns where to join it.
   *
   * @throws IllegalArgumentException for an invalid device id or stream name (nothing is sent)
   * @throws StreamRejectedException if the device rejected the stream, with its reason
   */
  public StreamGrant createStream(String deviceId, String serviceName, StreamTimeouts timeouts) {
    DeviceIds.validate(deviceId);
    StreamNames.validate(serviceName);
    Objects.requireNonNull(timeouts, "timeouts");
    String path =
        "/twins/" + PathSegments.encode(deviceId) + "/streams/" + PathSegments.encode(serviceName);
    Duration wait = hub.options().requestTimeout().plus(timeouts.longestHubWait());
    HttpRequest.Builder request = hub.request(path, wait).POST(BodyPublishers.noBody());
    timeouts
        .connect()
        .ifPresent(t -> request.header(Headers.STREAMING_CONNECT_TIMEOUT, "" + t.toSeconds()));
    timeouts
        .response()
        .ifPresent(t -> request.header(Headers.STREAMING_RESPONSE_TIMEOUT, "" + t.toSeconds()));
    HttpResponse<String> response = hub.send(request.build(), deviceId);
    return grant(response, deviceId, serviceName);
  }

  /** Like {@link #createStream(String, String, StreamTimeouts)}, for a target checked already. */
  public StreamGrant createStream(StreamTarget target) {
    return createStream(target.deviceId(), target.serviceName(), target.timeouts());
  }

  /**
   * Joins an accepted stream on the streaming endpoint, waiting for the WebSocket handshake; the
   * channel must then be bridged (or closed).
   *
   * @throws StreamOpenException if the handshake fails or does not finish in time
   */
  public StreamChannel openStream(StreamGrant grant) {
    Duration limit = StreamChannel.DEFAULT_HANDSHAKE_TIMEOUT;
    try {
      return StreamChannel.open(
              hub.http(), grant.url(), grant.authToken(), limit, hub.options().heartbeat())
          .get(limit.plus(ANSWER_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new StreamOpenException(String.valueOf(cause.getMessage()), cause);
    } catch (TimeoutException e) {
      throw new StreamOpenException(
          "cannot open stream "
              + grant.streamId()
              + ": no handshake within "
              + limit.toSeconds()
              + " s",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamOpenException("interrupted while opening stream " + grant.streamId(), e);
    }
  }

  /**
   * Returns an opener of v1 streams: a REST call and a WebSocket of its own for each ({@link
   * #createStream}, then {@link #openStream}).
   */
  public StreamOpener perStreamConnections() {
    return new StreamOpener() {
      @Override
      public TunnelStream open(StreamTarget target) {
        return openStream(createStream(target));
      }

      @Override
      public void close() {
        // nothing is held between streams
      }
    };
  }

  /** Returns an opener of v2 streams, all on one connection that it opens on first use. */
  public MuxStreams multiplexed() {
    return new MuxStreams(hub);
  }

  /** Returns the streams the hub relays now, with their age and bytes each way. */
  public List<ActiveStream> activeStreams() {
    HttpRequest request = hub.request("/streams").GET().build();
    return Arrays.asList(
        hub.<ActiveStream[]>readBody(hub.send(request, null), ActiveStream[].class));
  }

  /**
   * Returns up to {@code limit} stream requests from the hub's history, newest first, of one device
   * if {@code deviceId} is not null, following the hub's continuation from page to page.
   */
  public List<StreamHistoryEntry> streamHistory(String deviceId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    String query =
        "/streams/history?top="
            + Math.min(limit, HISTORY_PAGE)
            + (deviceId == null ? "" : "&deviceId=" + PathSegments.encode(validDevice(deviceId)));
    List<StreamHistoryEntry> entries = new ArrayList<>();
    String continuation = null;
    do {
      HttpRequest.Builder request = hub.request(query).GET();
      if (continuation != null) {
        request.header(RegistryClient.CONTINUATION, continuation);
      }
      HttpResponse<String> response = hub.send(request.build(), null);
      entries.addAll(
          Arrays.asList(hub.<StreamHistoryEntry[]>readBody(response, StreamHistoryEntry[].class)));
      String next =
          response
              .headers()
              .firstValue(RegistryClient.CONTINUATION)
              .filter(v -> !v.isBlank())
              .orElse(null);
      if (next != null && next.equals(continuation)) {
        throw new HubConnectionException(
            HubConnectionException.Reason.BAD_RESPONSE,
            hub.baseUri(),
            "the hub sent the same continuation twice while listing stream history",
            null);
      }
      continuation = next;
    } while (continuation != null && entries.size() < limit);
    return entries.size() > limit ? List.copyOf(entries.subList(0, limit)) : entries;
  }

  private static String validDevice(String deviceId) {
    DeviceIds.validate(deviceId);
    return deviceId;
  }

  private StreamGrant grant(HttpResponse<String> response, String deviceId, String serviceName) {
    String accepted = response.headers().firstValue(Headers.STREAMING_IS_ACCEPTED).orElse("");
    if (accepted.equalsIgnoreCase("False")) {
      throw new StreamRejectedException(deviceId, serviceName, reason(response));
    }
    if (!accepted.equalsIgnoreCase("True")) {
      throw badResponse(
          accepted.isEmpty()
              ? "no " + Headers.STREAMING_IS_ACCEPTED + " header"
              : Headers.STREAMING_IS_ACCEPTED + " is neither True nor False");
    }
    String token =
        response
            .headers()
            .firstValue(Headers.STREAMING_AUTH_TOKEN)
            .filter(t -> !t.isBlank())
            .orElseThrow(() -> badResponse("no " + Headers.STREAMING_AUTH_TOKEN + " header"));
    return new StreamGrant(deviceId, serviceName, streamUrl(response), token.strip());
  }

  private URI streamUrl(HttpResponse<String> response) {
    String text =
        response
            .headers()
            .firstValue(Headers.STREAMING_URL)
            .filter(u -> !u.isBlank())
            .orElseThrow(() -> badResponse("no " + Headers.STREAMING_URL + " header"));
    try {
      URI url = new URI(text.strip());
      if (("wss".equals(url.getScheme()) || "ws".equals(url.getScheme()))
          && url.getHost() != null) {
        return url;
      }
    } catch (URISyntaxException e) {
      // reported below, without echoing a URL that may be garbage
    }
    throw badResponse(Headers.STREAMING_URL + " is not a ws:// or wss:// URL");
  }

  /** The device's reason, from the body {@code {"isAccepted":false,"url":null,"reason":"..."}}. */
  private static String reason(HttpResponse<String> response) {
    String body = response.body();
    if (body == null || !body.strip().startsWith("{")) {
      return "";
    }
    try {
      Map<?, ?> answer = Json.read(body, Map.class);
      return Optional.ofNullable(answer)
          .map(a -> a.get("reason"))
          .filter(String.class::isInstance)
          .map(String.class::cast)
          .orElse("");
    } catch (IllegalArgumentException e) {
      // The headers already said no; an unreadable body only loses the reason.
      return "";
    }
  }

  private HubConnectionException badResponse(String problem) {
    return new HubConnectionException(
        HubConnectionException.Reason.BAD_RESPONSE,
        hub.baseUri(),
        "the hub at "
            + hub.baseUri()
            + " answered a stream request without the protocol: "
            + problem,
        null);
  }
}
