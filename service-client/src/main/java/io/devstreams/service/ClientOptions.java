package io.devstreams.service;

import io.devstreams.protocol.tunnel.Heartbeat;
import io.devstreams.protocol.tunnel.HttpProxy;
import io.devstreams.protocol.tunnel.HubTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How a {@link HubConnection} talks to the hub; every setting has a default.
 *
 * @param sslContext the TLS context that decides which hub certificates to trust, or null for the
 *     JDK's default (its certificate authorities); see {@link #withTrustCertificate}
 * @param connectTimeout how long to wait for a TCP and TLS connection (default 10 s)
 * @param requestTimeout how long to wait for an answer once a request is sent (default 30 s)
 * @param tokenLifetime how long each request's SAS token is valid (default 1 hour)
 * @param proxy the HTTP CONNECT proxy to reach the hub through, or null to connect directly
 * @param heartbeat when a stream pings a silent hub and when it gives up (default {@link
 *     Heartbeat#DEFAULT})
 */
public record ClientOptions(
    SSLContext sslContext,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration tokenLifetime,
    HttpProxy proxy,
    Heartbeat heartbeat) {

  /** Default for {@link #connectTimeout()}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Default for {@link #requestTimeout()}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** Default for {@link #tokenLifetime()}. */
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

  /**
   * Checks that every duration is positive.
   *
   * @throws IllegalArgumentException naming the bad setting
   */
  public ClientOptions {
    requirePositive(connectTimeout, "connect timeout");
    requirePositive(requestTimeout, "request timeout");
    requirePositive(tokenLifetime, "token lifetime");
    Objects.requireNonNull(heartbeat, "heartbeat");
  }

  /**
   * Returns the defaults: JDK trust, 10 s to connect, 30 s per request, 1 hour tokens, no proxy.
   */
  public static ClientOptions defaults() {
    return new ClientOptions(
        null,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_TOKEN_LIFETIME,
        null,
        Heartbeat.DEFAULT);
  }

  /**
   * Returns a copy that trusts exactly the certificates in this PEM file (null: the JDK's default
   * certificate authorities), loading the file now.
   *
   * @throws IllegalArgumentException if the file is missing, unreadable or holds no certificate
   */
  public ClientOptions withTrustCertificate(Path pemFile) {
    return withSslContext(pemFile == null ? null : HubTls.sslContext(pemFile));
  }

  /** Returns a copy with another TLS context (null: the JDK's default). */
  public ClientOptions withSslContext(SSLContext context) {
    return new ClientOptions(
        context, connectTimeout, requestTimeout, tokenLifetime, proxy, heartbeat);
  }

  /** Returns a copy that reaches the hub through this HTTP CONNECT proxy (null: directly). */
  public ClientOptions withProxy(HttpProxy httpProxy) {
    return new ClientOptions(
        sslContext, connectTimeout, requestTimeout, tokenLifetime, httpProxy, heartbeat);
  }

  /** Returns a copy with another stream heartbeat. */
  public ClientOptions withHeartbeat(Heartbeat streamHeartbeat) {
    return new ClientOptions(
        sslContext, connectTimeout, requestTimeout, tokenLifetime, proxy, streamHeartbeat);
  }

  /** Returns a copy with other timeouts. */
  public ClientOptions withTimeouts(Duration connect, Duration request) {
    return new ClientOptions(sslContext, connect, request, tokenLifetime, proxy, heartbeat);
  }

  /** Returns the TLS context to use: {@link #sslContext()} or the JDK's default. */
  SSLContext effectiveSslContext() {
    return sslContext != null ? sslContext : HubTls.sslContext(null);
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
