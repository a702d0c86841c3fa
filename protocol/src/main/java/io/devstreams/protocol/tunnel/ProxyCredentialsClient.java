package io.devstreams.protocol.tunnel;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that adds the proxy's {@code Proxy-Authorization} to every request and
 * WebSocket handshake that goes through the proxy (never to one that bypasses it).
 *
 * <p>Why not a {@link java.net.Authenticator}: with one set, the JDK strips the request's own
 * {@code Authorization} header, which carries the hub's SAS or bearer token. Sent as a request
 * header, the proxy credentials go on the CONNECT request only; the JDK keeps {@code Proxy-*}
 * headers out of the tunnelled request, so the hub never sees them.
 */
final class ProxyCredentialsClient extends HttpClient {

  private static final String HEADER = "Proxy-Authorization";

  private final HttpClient delegate;
  private final HttpProxy proxy;

  ProxyCredentialsClient(HttpClient delegate, HttpProxy proxy) {
    this.delegate = delegate;
    this.proxy = proxy;
  }

  private boolean proxied(URI uri) {
    return uri.getHost() == null || !proxy.bypasses(uri.getHost());
  }

  private HttpRequest withCredentials(HttpRequest request) {
    return proxied(request.uri())
        ? HttpRequest.newBuilder(request, (name, value) -> true)
            .setHeader(HEADER, proxy.proxyAuthorization())
            .build()
        : request;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return delegate.send(withCredentials(request), handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return delegate.sendAsync(withCredentials(request), handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return delegate.sendAsync(withCredentials(request), handler, pushPromiseHandler);
  }

  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    WebSocket.Builder builder = delegate.newWebSocketBuilder();
    return new WebSocket.Builder() {
      @Override
      public WebSocket.Builder header(String name, String value) {
        builder.header(name, value);
        return this;
      }

      @Override
      public WebSocket.Builder connectTimeout(Duration timeout) {
        builder.connectTimeout(timeout);
        return this;
      }

      @Override
      public WebSocket.Builder subprotocols(String most, String... lesser) {
        builder.subprotocols(most, lesser);
        return this;
      }

      @Override
      public CompletableFuture<WebSocket> buildAsync(URI uri, WebSocket.Listener listener) {
        if (proxied(uri)) {
          builder.header(HEADER, proxy.proxyAuthorization());
        }
        return builder.buildAsync(uri, listener);
      }
    };
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }
}
