package io.devstreams.service;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.Headers;
import io.devstreams.protocol.tunnel.DaemonThreadFactory;
import io.devstreams.protocol.tunnel.HubEndpoint;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;

/**
 * An authenticated HTTPS connection to the hub's main endpoint, made from a service (shared access
 * policy) connection string: {@code https://HOST} from its {@code HostName}, a fresh SAS token in
 * the {@code Authorization} header of every request.
 *
 * <p>Thread-safe. One JDK {@link HttpClient} (HTTP/1.1, built by {@link HubEndpoint}) carries the
 * REST requests and the streams' WebSockets alike, so both share its TLS trust, connection pool and
 * daemon threads, and it keeps connections alive between requests.
 */
public final class HubConnection {

  private static final System.Logger LOG = System.getLogger(HubConnection.class.getName());

  private final ConnectionString credentials;
  private final ClientOptions options;
  private final Clock clock;
  private final URI baseUri;
  private final HttpClient http;
  private final HubEndpoint endpoint;

  private HubConnection(ConnectionString credentials, ClientOptions options, Clock clock) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (credentials.isDevice()) {
      throw new IllegalArgumentException(
          "a device connection string cannot manage the hub: use a shared access policy's"
              + " (HostName=...;SharedAccessKeyName=...;SharedAccessKey=...)");
    }
    this.baseUri = baseUri(credentials.hostName());
    this.endpoint =
        new HubEndpoint(
            credentials.hostName(),
            options.effectiveSslContext(),
            options.proxy(),
            options.connectTimeout());
    this.http =
        endpoint.newHttpClient(
            Executors.newCachedThreadPool(new DaemonThreadFactory("devstreams-http")));
  }

  /**
   * Opens a connection (lazily: nothing is sent until the first request).
   *
   * @throws IllegalArgumentException if the connection string is a device's
   */
  public static HubConnection open(ConnectionString credentials, ClientOptions options) {
    return new HubConnection(credentials, options, Clock.systemUTC());
  }

  /** Like {@link #open}, with the clock that stamps SAS token expiries. */
  public static HubConnection open(
      ConnectionString credentials, ClientOptions options, Clock clock) {
    return new HubConnection(credentials, options, clock);
  }

  /** Returns {@code https://HOST}, the hub's main endpoint. */
  public URI baseUri() {
    return baseUri;
  }

  /** Returns the hub's {@code host[:port]} as in the connection string. */
  public String hostName() {
    return credentials.hostName();
  }

  /** Returns the name of the shared access policy the requests are signed with. */
  public String policyName() {
    return credentials.sharedAccessKeyName();
  }

  /** Returns the options this connection was opened with. */
  public ClientOptions options() {
    return options;
  }

  /** Returns the HTTP client shared by REST requests and stream WebSockets. */
  HttpClient http() {
    return http;
  }

  /** Returns where and how the hub is reached: TLS trust, proxy, connect timeout. */
  public HubEndpoint endpoint() {
    return endpoint;
  }

  /** Returns a fresh SAS token of the connection's policy, for an {@code Authorization} header. */
  String token() {
    return credentials.createToken(options.tokenLifetime(), clock);
  }

  /** Starts a request to {@code pathAndQuery} (already encoded) with auth and timeout set. */
  HttpRequest.Builder request(String pathAndQuery) {
    return request(pathAndQuery, options.requestTimeout());
  }

  /** Like {@link #request(String)}, with a timeout for this request's answer. */
  HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(baseUri + pathAndQuery))
        .timeout(timeout)
        .header("Accept", "application/json")
        .header(Headers.AUTHORIZATION, credentials.createToken(options.tokenLifetime(), clock));
  }

  /**
   * Sends a request about {@code deviceId} (null if none) and returns the hub's 2xx answer.
   *
   * @throws DeviceNotFoundException if the hub has no such device
   * @throws HubException if the hub answered with another error status
   * @throws HubConnectionException if the hub could not be talked to
   */
  HttpResponse<String> send(HttpRequest request, String deviceId) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw TransportErrors.classify(e, baseUri, options);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HubConnectionException(
          HubConnectionException.Reason.INTERRUPTED,
          baseUri,
          "interrupted while waiting for the hub at " + baseUri,
          e);
    }
    LOG.log(
        Level.DEBUG,
        "{0} {1} -> {2}",
        request.method(),
        request.uri().getRawPath(),
        response.statusCode());
    if (response.statusCode() / 100 != 2) {
      throw ProblemResponses.toException(response, deviceId);
    }
    return response;
  }

  /** Reads a successful answer's JSON body, or fails as a bad response. */
  <T> T readBody(HttpResponse<String> response, Type type) {
    String problem;
    try {
      T value = Json.read(response.body(), type);
      if (value != null) {
        return value;
      }
      problem = "no JSON value";
    } catch (IllegalArgumentException e) {
      problem = e.getMessage();
    }
    throw new HubConnectionException(
        HubConnectionException.Reason.BAD_RESPONSE,
        baseUri,
        "the hub at "
            + baseUri
            + " answered "
            + response.request().method()
            + " "
            + response.request().uri().getRawPath()
            + " with a body that is not the expected JSON: "
            + problem,
        null);
  }

  private static URI baseUri(String hostName) {
    try {
      URI uri = new URI("https://" + hostName);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException(
            "HostName '" + hostName + "' in the connection string is not a valid host[:port]");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "HostName '" + hostName + "' in the connection string is not a valid host[:port]", e);
    }
  }
}
