package io.devstreams.protocol.websocket;

import io.devstreams.protocol.Headers;
import io.devstreams.protocol.tunnel.HttpProxy;
import io.devstreams.protocol.tunnel.HubEndpoint;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens a {@link ClientWebSocket} to the hub: TCP (through the endpoint's HTTP CONNECT proxy unless
 * it bypasses the hub), TLS with the endpoint's trust and host name verification, and the RFC 6455
 * opening handshake with the caller's headers. Every failure is an {@link IOException} with one
 * line saying why.
 */
public final class WebSocketConnector {

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final int MAX_HEAD = 16 * 1024;
  private static final int MAX_BODY = 16 * 1024;
  private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");
  private static final Pattern DETAIL =
      Pattern.compile("\"detail\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final SecureRandom RANDOM = new SecureRandom();

  private WebSocketConnector() {}

  /**
   * Connects to {@code wss://HOST} + {@code rawPath} with {@code headers} on the upgrade request;
   * the whole of it (TCP, proxy, TLS, upgrade) must finish within {@code timeout}.
   *
   * @throws HandshakeRefusedException if the hub or the proxy answers with another status than 101
   * @throws IOException if the connection or the TLS handshake fails, or the answer is not a valid
   *     WebSocket upgrade
   */
  public static ClientWebSocket connect(
      HubEndpoint endpoint, String rawPath, Map<String, String> headers, Duration timeout)
      throws IOException {
    HostPort hub = HostPort.parse(endpoint.hostName());
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpProxy proxy = endpoint.proxy();
    boolean viaProxy = proxy != null && !proxy.bypasses(hub.host());
    Socket raw = new Socket();
    try {
      raw.setTcpNoDelay(true);
      InetSocketAddress target =
          viaProxy
              ? new InetSocketAddress(proxy.host(), proxy.port())
              : new InetSocketAddress(hub.host(), hub.port());
      raw.connect(target, millis(endpoint.connectTimeout().toNanos(), deadline));
      raw.setSoTimeout(millis(timeout.toNanos(), deadline));
      if (viaProxy) {
        tunnel(raw, proxy, hub);
      }
      SSLSocket tls =
          (SSLSocket)
              endpoint
                  .sslContext()
                  .getSocketFactory()
                  .createSocket(raw, hub.host(), hub.port(), true);
      SSLParameters parameters = tls.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      tls.setSSLParameters(parameters);
      tls.setSoTimeout(millis(timeout.toNanos(), deadline));
      tls.startHandshake();
      BufferedInputStream in = new BufferedInputStream(tls.getInputStream(), 32 * 1024);
      OutputStream out = tls.getOutputStream();
      upgrade(in, out, hub, rawPath, headers);
      tls.setSoTimeout(0);
      return new ClientWebSocket(tls, in, out);
    } catch (SocketTimeoutException e) {
      close(raw);
      throw new SocketTimeoutException(
          "timed out connecting to the hub (" + timeout.toSeconds() + " s)");
    } catch (IOException | RuntimeException e) {
      close(raw);
      throw e;
    }
  }

  private static void tunnel(Socket raw, HttpProxy proxy, HostPort hub) throws IOException {
    StringBuilder request = new StringBuilder();
    request.append("CONNECT ").append(hub.authority()).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(hub.authority()).append("\r\n");
    if (proxy.hasCredentials()) {
      request.append("Proxy-Authorization: ").append(proxy.proxyAuthorization()).append("\r\n");
    }
    request.append("\r\n");
    raw.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    raw.getOutputStream().flush();
    // Read the answer byte by byte: what follows the blank line is the hub's TLS, not ours to take.
    Response response = Response.read(raw.getInputStream(), "proxy");
    if (response.status == 407) {
      throw new HandshakeRefusedException(
          "HTTP 407 from the proxy (proxy credentials missing or refused)", 407, null, 0);
    }
    if (response.status != 200) {
      throw new HandshakeRefusedException(
          "the proxy refused the tunnel: HTTP " + response.status, response.status, null, 0);
    }
  }

  private static void upgrade(
      InputStream in, OutputStream out, HostPort hub, String rawPath, Map<String, String> headers)
      throws IOException {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String key = Base64.getEncoder().encodeToString(nonce);
    StringBuilder request = new StringBuilder(256);
    request.append("GET ").append(rawPath).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(hub.authority()).append("\r\n");
    request.append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
    request.append("Sec-WebSocket-Key: ").append(key).append("\r\n");
    request.append("Sec-WebSocket-Version: 13\r\n");
    for (Map.Entry<String, String> header : headers.entrySet()) {
      request.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
    }
    request.append("\r\n");
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    Response response = Response.read(in, "hub");
    if (response.status != 101) {
      throw refused(response, in);
    }
    String accept = response.header("sec-websocket-accept");
    if (!expectedAccept(key).equals(accept)) {
      throw new IOException("the hub's WebSocket upgrade answer has a wrong Sec-WebSocket-Accept");
    }
    if (!"websocket".equalsIgnoreCase(String.valueOf(response.header("upgrade")))) {
      throw new IOException("the hub answered 101 without upgrading to websocket");
    }
  }

  private static HandshakeRefusedException refused(Response response, InputStream in) {
    String detail = null;
    String length = response.header("content-length");
    if (length != null && length.matches("\\d{1,6}")) {
      try {
        byte[] body = in.readNBytes(Math.min(Integer.parseInt(length), MAX_BODY));
        Matcher m = DETAIL.matcher(new String(body, StandardCharsets.UTF_8));
        if (m.find()) {
          detail = m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
      } catch (IOException e) {
        detail = null; // the status says enough
      }
    }
    long retryAfter = 0;
    String retry = response.header("retry-after");
    if (retry != null && retry.matches("\\d{1,9}")) {
      retryAfter = Long.parseLong(retry);
    }
    String message = "HTTP " + response.status + " from the hub" + meaning(response.status);
    if (detail != null && !detail.isBlank()) {
      message += ": " + detail;
    }
    return new HandshakeRefusedException(message, response.status, detail, retryAfter);
  }

  private static String meaning(int status) {
    return switch (status) {
      case 401 -> " (credentials refused)";
      case 403 -> " (forbidden)";
      case 404 -> " (no such endpoint: is this a devstreams hub of version 2 or later?)";
      case 429 -> " (throttled)";
      case 503 -> " (hub unavailable)";
      default -> "";
    };
  }

  static String expectedAccept(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }

  private static int millis(long budgetNanos, long deadline) throws SocketTimeoutException {
    long left = Math.min(budgetNanos, deadline - System.nanoTime());
    if (left <= 0) {
      throw new SocketTimeoutException("timed out");
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000));
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // nothing more to do with a connection that failed
    }
  }

  /** The host and port of a {@code host[:port]}, 443 when it has none. */
  record HostPort(String host, int port) {
    static HostPort parse(String hostName) {
      int colon = hostName.lastIndexOf(':');
      boolean bracketed = hostName.startsWith("[");
      if (colon < 0 || (bracketed && colon < hostName.indexOf(']'))) {
        return new HostPort(strip(hostName), 443);
      }
      return new HostPort(
          strip(hostName.substring(0, colon)), Integer.parseInt(hostName.substring(colon + 1)));
    }

    String authority() {
      String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
      return h + ":" + port;
    }

    private static String strip(String host) {
      return host.startsWith("[") && host.endsWith("]")
          ? host.substring(1, host.length() - 1)
          : host;
    }
  }

  /** A status line and headers, read without taking a byte past the blank line. */
  private record Response(int status, Map<String, String> headers) {

    String header(String lowerName) {
      return headers.get(lowerName);
    }

    static Response read(InputStream in, String who) throws IOException {
      StringBuilder head = new StringBuilder(256);
      int c;
      while ((c = in.read()) >= 0) {
        head.append((char) c);
        int n = head.length();
        if (n >= 4
            && head.charAt(n - 1) == '\n'
            && head.charAt(n - 2) == '\r'
            && head.charAt(n - 3) == '\n') {
          break;
        }
        if (n > MAX_HEAD) {
          throw new IOException("the " + who + "'s answer has headers over 16 KiB");
        }
      }
      if (c < 0) {
        // An EOF: a hub that refuses a client certificate (TLS 1.3) ends the session here.
        throw new java.io.EOFException(
            "the " + who + " closed the connection during the handshake");
      }
      String[] lines = head.toString().split("\r\n");
      Matcher status = STATUS.matcher(lines[0]);
      if (!status.matches()) {
        throw new IOException("the " + who + " did not answer with HTTP/1.1");
      }
      Map<String, String> headers = new java.util.HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.putIfAbsent(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim());
        }
      }
      return new Response(Integer.parseInt(status.group(1)), headers);
    }
  }

  /** The Authorization header, for callers building {@code headers}. */
  public static Map<String, String> authorization(String value) {
    return Map.of(Headers.AUTHORIZATION, value);
  }
}
