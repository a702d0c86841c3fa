package io.devstreams.service;

import io.devstreams.protocol.tunnel.ConnectionFailures;
import io.devstreams.protocol.tunnel.HttpProxy;
import io.devstreams.service.HubConnectionException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.util.Optional;
import javax.net.ssl.SSLException;

/** Turns the JDK HTTP client's I/O failures into one clear {@link HubConnectionException}. */
final class TransportErrors {

  private TransportErrors() {}

  static HubConnectionException classify(IOException e, URI hub, ClientOptions options) {
    if (e instanceof HttpConnectTimeoutException) {
      return new HubConnectionException(
          Reason.TIMEOUT,
          hub,
          "cannot reach hub at " + hub + ": no connection within " + seconds(options, true),
          e);
    }
    if (e instanceof HttpTimeoutException) {
      return new HubConnectionException(
          Reason.TIMEOUT,
          hub,
          "the hub at " + hub + " did not answer within " + seconds(options, false),
          e);
    }
    if (isUntrusted(e)) {
      return new HubConnectionException(
          Reason.UNTRUSTED_CERTIFICATE,
          hub,
          "the certificate of the hub at " + hub + " is not trusted",
          e);
    }
    if (find(e, SSLException.class) != null) {
      return new HubConnectionException(
          Reason.TLS_FAILURE,
          hub,
          "TLS with the hub at " + hub + " failed: " + innermostMessage(e),
          e);
    }
    if (find(e, UnresolvedAddressException.class) != null
        || find(e, UnknownHostException.class) != null) {
      return new HubConnectionException(
          Reason.UNREACHABLE, hub, "cannot reach hub at " + hub + ": unknown host", e);
    }
    HttpProxy proxy = options.proxy();
    boolean viaProxy = proxy != null && !proxy.bypasses(hub.getHost());
    Optional<String> refusal = ConnectionFailures.proxyRefusal(e);
    if (refusal.isPresent()) {
      return new HubConnectionException(
          Reason.UNREACHABLE,
          hub,
          "cannot reach hub at " + hub + " through proxy " + proxy + ": " + refusal.get(),
          e);
    }
    String why = e.getMessage();
    if (find(e, ConnectException.class) != null) {
      why = innermostMessage(e);
      if (why == null) {
        why =
            viaProxy
                ? "proxy " + proxy + ": " + probe(proxy.host(), proxy.port(), options)
                : probe(hub.getHost(), hub.getPort() < 0 ? 443 : hub.getPort(), options);
      }
    }
    return new HubConnectionException(
        Reason.UNREACHABLE, hub, "cannot reach hub at " + hub + ": " + lowerFirst(why, e), e);
  }

  /**
   * No path to a trusted certificate, or a path that fails for a reason other than time (a
   * different certificate with the same name fails the signature check).
   */
  private static boolean isUntrusted(IOException e) {
    if (find(e, CertPathBuilderException.class) != null) {
      return true;
    }
    CertPathValidatorException invalid = find(e, CertPathValidatorException.class);
    return invalid != null
        && invalid.getReason() != BasicReason.EXPIRED
        && invalid.getReason() != BasicReason.NOT_YET_VALID;
  }

  /**
   * Finds out why a connection failed when the HTTP client lost the reason (JDK 17 reports a
   * refused connection as a message-less ConnectException over a ClosedChannelException): one plain
   * TCP connect to the same address (the hub's, or the proxy's when there is one) gives the
   * operating system's answer.
   */
  private static String probe(String host, int port, ClientOptions options) {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(host, port),
          (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
      return "connection failed";
    } catch (IOException probeFailure) {
      return probeFailure.getMessage() == null
          ? "connection failed"
          : lowerFirst(probeFailure.getMessage(), probeFailure);
    }
  }

  private static String seconds(ClientOptions options, boolean connect) {
    return (connect ? options.connectTimeout() : options.requestTimeout()).toSeconds() + " s";
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The deepest non-empty message: the JDK wraps "Connection refused" in message-less layers. */
  private static String innermostMessage(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message;
  }

  private static String lowerFirst(String message, Throwable e) {
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    if (message.length() > 1 && Character.isLowerCase(message.charAt(1))) {
      return Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
    return message;
  }
}
