package io.devstreams.protocol.tunnel;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Where and how a client reaches the hub: {@code https://HOST} and {@code wss://HOST} from a
 * connection string's {@code HostName}, the TLS trust, an optional HTTP CONNECT proxy and a connect
 * timeout; {@link #newHttpClient} turns it into the one JDK client a process shares.
 *
 * @param hostName the hub's public {@code host[:port]}, as in a connection string
 * @param sslContext which hub certificates to trust (see {@link HubTls})
 * @param proxy the HTTP CONNECT proxy, or null to connect directly
 * @param connectTimeout how long a TCP connection (to the hub or the proxy) may take
 */
public record HubEndpoint(
    String hostName, SSLContext sslContext, HttpProxy proxy, Duration connectTimeout) {

  /** Default for {@link #connectTimeout()}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern HOST_NAME =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");

  /**
   * Validates every part.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public HubEndpoint {
    if (hostName == null || !HOST_NAME.matcher(hostName).matches()) {
      throw new IllegalArgumentException(
          "hub host name must be host[:port] (got '" + hostName + "')");
    }
    Objects.requireNonNull(sslContext, "sslContext");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive");
    }
  }

  /** Returns an endpoint with the JDK's default trust, no proxy and a 10 s connect timeout. */
  public static HubEndpoint of(String hostName) {
    return new HubEndpoint(hostName, HubTls.sslContext(null), null, DEFAULT_CONNECT_TIMEOUT);
  }

  /** Returns a copy with another TLS trust. */
  public HubEndpoint withSslContext(SSLContext context) {
    return new HubEndpoint(hostName, context, proxy, connectTimeout);
  }

  /** Returns a copy that goes through {@code httpProxy} (null: directly). */
  public HubEndpoint withProxy(HttpProxy httpProxy) {
    return new HubEndpoint(hostName, sslContext, httpProxy, connectTimeout);
  }

  /** Returns a copy with another connect timeout. */
  public HubEndpoint withConnectTimeout(Duration timeout) {
    return new HubEndpoint(hostName, sslContext, proxy, timeout);
  }

  /** Returns {@code https://HOST} followed by {@code rawPath} (already percent-encoded). */
  public URI httpsUri(String rawPath) {
    return URI.create("https://" + hostName + checkPath(rawPath));
  }

  /** Returns {@code wss://HOST} followed by {@code rawPath} (already percent-encoded). */
  public URI wssUri(String rawPath) {
    return URI.create("wss://" + hostName + checkPath(rawPath));
  }

  /**
   * Builds an HTTP/1.1 client for this endpoint whose callbacks (WebSocket listeners included) run
   * on {@code executor}; redirects are never followed.
   *
   * <p>With proxy credentials the client sends them preemptively as {@code Proxy-Authorization} on
   * the way through the proxy (see {@link ProxyCredentialsClient} for why not an {@code
   * Authenticator}), and this method empties {@value HttpProxy#TUNNELING_DISABLED_SCHEMES} unless
   * the user set it, since the JDK otherwise strips Basic credentials from CONNECT requests. The
   * JDK reads that property once, so it only takes effect if no {@code HttpClient} was used in the
   * process before.
   */
  public HttpClient newHttpClient(Executor executor) {
    Objects.requireNonNull(executor, "executor");
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(sslContext)
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .proxy(proxy == null ? HttpClient.Builder.NO_PROXY : proxy.selector());
    if (proxy == null || !proxy.hasCredentials()) {
      return builder.build();
    }
    System.getProperties().putIfAbsent(HttpProxy.TUNNELING_DISABLED_SCHEMES, "");
    return new ProxyCredentialsClient(builder.build(), proxy);
  }

  private static String checkPath(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/'");
    }
    return rawPath;
  }
}
