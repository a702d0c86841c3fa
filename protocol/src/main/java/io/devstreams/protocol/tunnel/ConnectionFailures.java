package io.devstreams.protocol.tunnel;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocketHandshakeException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;

/**
 * Turns the exceptions of a failed connection or WebSocket handshake into one short lower-case
 * phrase for a log line or an error message ({@code "connection refused"}, {@code "HTTP 401 from
 * the hub"}, {@code "the hub's TLS certificate is not trusted"}).
 */
public final class ConnectionFailures {

  private static final String PROXY_407 =
      "HTTP 407 from the proxy (proxy credentials missing or refused)";

  /** The JDK client's message when a proxy answers CONNECT with anything but 200. */
  private static final Pattern TUNNEL_FAILED =
      Pattern.compile("tunnel failed, got: (\\d{3})", Pattern.CASE_INSENSITIVE);

  private ConnectionFailures() {}

  /** Returns one line saying why a connection failed, without the exception's class names. */
  public static String describe(Throwable failure) {
    Throwable t = unwrap(failure);
    if (t instanceof WebSocketHandshakeException handshake) {
      return handshake(handshake.getResponse().statusCode());
    }
    if (t instanceof io.devstreams.protocol.websocket.HandshakeRefusedException refused) {
      return refused.status() == 407 || refused.status() == 200
          ? refused.getMessage()
          : handshake(refused.status())
              + (refused.detail() == null || refused.detail().isBlank()
                  ? ""
                  : ": " + refused.detail());
    }
    if (t instanceof HttpConnectTimeoutException || t instanceof SocketTimeoutException) {
      return "timed out connecting";
    }
    if (t instanceof HttpTimeoutException) {
      return "timed out waiting for the hub";
    }
    if (t instanceof SSLHandshakeException) {
      return tls(t);
    }
    if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
      return "unknown host";
    }
    if (t instanceof NoRouteToHostException) {
      return "no route to host";
    }
    String root = rootMessage(t);
    if (root != null && root.contains("Unable to tunnel through proxy")) {
      return root.contains(" 407") ? PROXY_407 : "the proxy refused the tunnel: " + phrase(root);
    }
    Optional<String> refusal = proxyRefusal(t);
    if (refusal.isPresent()) {
      return refusal.get();
    }
    if (t instanceof ConnectException) {
      String message = rootMessage(t);
      return message == null ? "connection refused" : phrase(message);
    }
    String message = rootMessage(t);
    if (message == null) {
      return t instanceof IOException ? "connection failed" : t.getClass().getSimpleName();
    }
    return phrase(message);
  }

  /**
   * Returns why an HTTP CONNECT proxy refused to open the tunnel to the hub (for example {@code
   * "HTTP 407 from the proxy (proxy credentials missing or refused)"}), or empty if the failure is
   * not a proxy's refusal.
   */
  public static Optional<String> proxyRefusal(Throwable failure) {
    for (Throwable c = failure; c != null && c.getCause() != c; c = c.getCause()) {
      Matcher tunnel = c.getMessage() == null ? null : TUNNEL_FAILED.matcher(c.getMessage());
      if (tunnel != null && tunnel.find()) {
        return Optional.of(proxyRefused(Integer.parseInt(tunnel.group(1))));
      }
    }
    return Optional.empty();
  }

  /** Strips the {@link CompletionException} and {@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String proxyRefused(int status) {
    return switch (status) {
      case 407 -> PROXY_407;
      // Some proxies (tinyproxy among them) answer a CONNECT with bad credentials with 401.
      case 401 -> "HTTP 401 from the proxy (proxy credentials missing or refused)";
      case 403 -> "HTTP 403 from the proxy (it does not allow a tunnel to the hub's host and port)";
      default -> "the proxy refused the tunnel with HTTP " + status;
    };
  }

  /** The longest {@code Retry-After} a client honours; a larger one is taken as this. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  /**
   * Returns how long the hub asked the client to wait, when it refused a WebSocket handshake with a
   * {@code Retry-After} of whole seconds (a 429 or a 503), at most {@link #MAX_RETRY_AFTER}.
   */
  public static Optional<Duration> retryAfter(Throwable failure) {
    if (unwrap(failure) instanceof io.devstreams.protocol.websocket.HandshakeRefusedException r) {
      return r.retryAfterSeconds() <= 0
          ? Optional.empty()
          : Optional.of(Duration.ofSeconds(r.retryAfterSeconds()))
              .map(wait -> wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
    }
    if (!(unwrap(failure) instanceof WebSocketHandshakeException handshake)) {
      return Optional.empty();
    }
    return handshake
        .getResponse()
        .headers()
        .firstValue("Retry-After")
        .filter(value -> value.matches("[0-9]{1,9}"))
        .map(value -> Duration.ofSeconds(Long.parseLong(value)))
        .map(wait -> wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
  }

  private static String handshake(int status) {
    if (status == 407) {
      return PROXY_407;
    }
    String meaning =
        switch (status) {
          case 401 ->
              " (credentials refused: wrong key, expired or used token, or disabled device)";
          case 403 -> " (forbidden)";
          case 404 -> " (no such endpoint: is this a devstreams hub?)";
          case 429 -> " (throttled)";
          case 503 -> " (hub unavailable)";
          default -> "";
        };
    return "HTTP " + status + " from the hub" + meaning;
  }

  private static String tls(Throwable t) {
    String message = rootMessage(t);
    String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
    // A certificate of the same name as a trusted one but another key fails its signature check.
    if (lower.contains("pkix")
        || lower.contains("certification path")
        || lower.contains("signature does not match")) {
      return "the hub's TLS certificate is not trusted";
    }
    if (lower.contains("subject alternative name") || lower.contains("no name matching")) {
      return "the hub's TLS certificate does not match its host name";
    }
    return "TLS handshake failed" + (message == null ? "" : ": " + phrase(message));
  }

  private static String rootMessage(Throwable t) {
    String message = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null && !c.getMessage().isBlank()) {
        message = c.getMessage();
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return message;
  }

  private static String phrase(String message) {
    String line = message.strip().lines().findFirst().orElse("");
    if (line.length() > 1
        && Character.isUpperCase(line.charAt(0))
        && !Character.isUpperCase(line.charAt(1))) {
      line = Character.toLowerCase(line.charAt(0)) + line.substring(1);
    }
    return line;
  }
}
