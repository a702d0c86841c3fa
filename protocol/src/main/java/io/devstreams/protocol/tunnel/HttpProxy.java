package io.devstreams.protocol.tunnel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP CONNECT proxy on the way to the hub, from {@code --proxy http://[user:pass@]host:port} or
 * from {@code HTTPS_PROXY} with {@code NO_PROXY}, turned into the JDK's {@link ProxySelector} and a
 * preemptive {@code Proxy-Authorization} header.
 *
 * <p>Only {@code http://} proxies exist for the JDK client (it speaks plain HTTP to the proxy and
 * tunnels TLS through CONNECT). {@code NO_PROXY} entries are host names, domain suffixes ({@code
 * .corp.example} or {@code corp.example}), literal addresses or {@code *}; ports and CIDR ranges
 * are not interpreted. The password never appears in {@link #toString()} or in a message.
 *
 * @param host the proxy's host name or address
 * @param port the proxy's port
 * @param username the Basic auth user, or null
 * @param password the Basic auth password, or null
 * @param noProxy lower-case host names and domain suffixes reached without the proxy
 */
public record HttpProxy(
    String host, int port, String username, String password, List<String> noProxy) {

  /**
   * The JDK property that, unless emptied, strips Basic credentials from CONNECT requests; the JDK
   * reads it once, when its HTTP client code first loads.
   */
  public static final String TUNNELING_DISABLED_SCHEMES = "jdk.http.auth.tunneling.disabledSchemes";

  private static final Pattern URL =
      Pattern.compile(
          "(?:(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://)?(?:(?<userinfo>[^@/]*)@)?"
              + "(?<host>\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(?::(?<port>[0-9]{1,5}))?/?");

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException naming the bad part
   */
  public HttpProxy {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("proxy has no host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("proxy port must be from 1 to 65535 (got " + port + ")");
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("proxy credentials need both a user and a password");
    }
    noProxy = noProxy == null ? List.of() : List.copyOf(noProxy);
  }

  /**
   * Parses {@code http://[user:pass@]host[:port]} (port 80 when omitted; the scheme may be left
   * out, as in many {@code HTTPS_PROXY} values); user and password are percent-decoded.
   *
   * @throws IllegalArgumentException if the URL does not have that shape; the message never repeats
   *     the credentials
   */
  public static HttpProxy parse(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("proxy URL is empty");
    }
    Matcher m = URL.matcher(url.strip());
    String shown = redact(url.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "proxy URL '" + shown + "' is not http://[user:password@]host:port");
    }
    String scheme = m.group("scheme");
    if (scheme != null && !scheme.equalsIgnoreCase("http")) {
      throw new IllegalArgumentException(
          "proxy URL '" + shown + "': only http:// proxies are supported (got " + scheme + "://)");
    }
    String host = m.group("host");
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = m.group("port") == null ? 80 : Integer.parseInt(m.group("port"));
    String userinfo = m.group("userinfo");
    if (userinfo == null) {
      return new HttpProxy(host, port, null, null, List.of());
    }
    int colon = userinfo.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "proxy URL '" + shown + "': credentials must be user:password");
    }
    return new HttpProxy(
        host,
        port,
        decode(userinfo.substring(0, colon)),
        decode(userinfo.substring(colon + 1)),
        List.of());
  }

  /**
   * Returns the proxy named by {@code HTTPS_PROXY} (or {@code https_proxy}) in {@code env}, with
   * {@code NO_PROXY} (or {@code no_proxy}) as its bypass list, or empty when none is set.
   *
   * @throws IllegalArgumentException if the variable is set but malformed (the message names it)
   */
  public static Optional<HttpProxy> fromEnvironment(Map<String, String> env) {
    String name = env.get("HTTPS_PROXY") != null ? "HTTPS_PROXY" : "https_proxy";
    String url = env.get(name);
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    HttpProxy proxy;
    try {
      proxy = parse(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
    String noProxy = env.getOrDefault("NO_PROXY", env.get("no_proxy"));
    return Optional.of(proxy.withNoProxy(noProxy == null ? "" : noProxy));
  }

  /** Returns a copy that bypasses the proxy for the comma-separated {@code NO_PROXY} entries. */
  public HttpProxy withNoProxy(String entries) {
    List<String> parsed =
        Pattern.compile(",")
            .splitAsStream(entries)
            .map(HttpProxy::normalizeEntry)
            .filter(e -> !e.isEmpty())
            .toList();
    return new HttpProxy(host, port, username, password, parsed);
  }

  /** Returns whether a connection to {@code targetHost} goes around the proxy. */
  public boolean bypasses(String targetHost) {
    String target = stripBrackets(targetHost.toLowerCase(Locale.ROOT));
    for (String entry : noProxy) {
      String domain = entry.startsWith(".") ? entry.substring(1) : entry;
      if (entry.equals("*") || target.equals(domain) || target.endsWith("." + domain)) {
        return true;
      }
    }
    return false;
  }

  /** Returns whether Basic credentials are configured. */
  public boolean hasCredentials() {
    return username != null;
  }

  /**
   * Returns a selector that sends every URI through this proxy unless {@link #bypasses} says no.
   */
  public ProxySelector selector() {
    InetSocketAddress address = InetSocketAddress.createUnresolved(host, port);
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        String target = uri.getHost();
        return target != null && bypasses(target)
            ? List.of(Proxy.NO_PROXY)
            : List.of(new Proxy(Proxy.Type.HTTP, address));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress proxy, IOException e) {}
    };
  }

  /**
   * Returns the {@code Proxy-Authorization} value for this proxy's Basic credentials, or null
   * without credentials.
   *
   * <p>The credentials are sent preemptively rather than through a {@link java.net.Authenticator}:
   * the JDK client strips a request's own {@code Authorization} header whenever the client has an
   * authenticator, and the hub's SAS and bearer tokens travel in that header (see {@link
   * HubEndpoint#newHttpClient}).
   */
  public String proxyAuthorization() {
    if (!hasCredentials()) {
      return null;
    }
    byte[] pair = (username + ":" + password).getBytes(StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair);
  }

  /** Describes the proxy with the password redacted. */
  @Override
  public String toString() {
    return "http://"
        + (hasCredentials() ? username + ":<redacted>@" : "")
        + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
        + ":"
        + port
        + (noProxy.isEmpty() ? "" : " (not for " + String.join(",", noProxy) + ")");
  }

  private static String normalizeEntry(String entry) {
    String e = entry.strip().toLowerCase(Locale.ROOT);
    if (e.startsWith("*.")) {
      e = e.substring(1);
    }
    if (e.startsWith("[")) {
      int end = e.indexOf(']');
      return end > 0 ? e.substring(1, end) : e;
    }
    int colon = e.indexOf(':');
    if (colon >= 0 && colon == e.lastIndexOf(':')) {
      e = e.substring(0, colon);
    }
    return e;
  }

  private static String stripBrackets(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String decode(String part) {
    try {
      return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("proxy credentials are not valid percent-encoding");
    }
  }

  private static String redact(String url) {
    return url.replaceFirst("//[^@/]*@", "//<credentials>@")
        .replaceFirst("^[^/@]*@", "<credentials>@");
  }
}
