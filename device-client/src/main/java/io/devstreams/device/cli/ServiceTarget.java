package io.devstreams.device.cli;

import io.devstreams.protocol.StreamNames;
import io.devstreams.protocol.cli.UsageException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * One {@code --service NAME=HOST:PORT}: the stream name and the local TCP service it reaches.
 *
 * @param name the stream name (see {@link StreamNames})
 * @param host a host name, an IPv4 address or an IPv6 address (without brackets)
 * @param port the TCP port, 1 to 65535
 */
record ServiceTarget(String name, String host, int port) {

  private static final Pattern HOST_NAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  /**
   * Parses {@code NAME=HOST:PORT} ({@code HOST} may be {@code [IPv6]}).
   *
   * @throws UsageException naming the flag value and what is wrong with it
   */
  static ServiceTarget parse(String spec) {
    String prefix = "--service '" + spec + "': ";
    int eq = spec.indexOf('=');
    if (eq < 0) {
      throw new UsageException(prefix + "expected NAME=HOST:PORT");
    }
    String name = spec.substring(0, eq);
    String target = spec.substring(eq + 1);
    try {
      StreamNames.validate(name);
    } catch (IllegalArgumentException e) {
      throw new UsageException(prefix + e.getMessage());
    }
    int colon = target.lastIndexOf(':');
    if (colon < 0) {
      throw new UsageException(prefix + "expected HOST:PORT after '=' (got '" + target + "')");
    }
    String host = target.substring(0, colon);
    if (host.startsWith("[")
        && host.endsWith("]")
        && IPV6.matcher(host.substring(1, host.length() - 1)).matches()) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new UsageException(prefix + "put an IPv6 address in brackets: [ADDRESS]:PORT");
    } else if (!HOST_NAME.matcher(host).matches()) {
      throw new UsageException(prefix + "'" + host + "' is not a host name or IP address");
    }
    return new ServiceTarget(name, host, port(prefix, target.substring(colon + 1)));
  }

  private static int port(String prefix, String text) {
    if (text.matches("[0-9]{1,5}")) {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    }
    throw new UsageException(prefix + "port must be a number from 1 to 65535 (got '" + text + "')");
  }

  /**
   * Connects to the service, with Nagle off (interactive protocols such as SSH).
   *
   * @throws IOException whose message is a short phrase such as "connection refused"
   */
  Socket connect(Duration timeout) throws IOException {
    // A channel's socket: a v2 stream then bridges it on its connection's one socket thread.
    Socket socket = SocketChannel.open().socket();
    try {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      socket.setTcpNoDelay(true);
      return socket;
    } catch (SocketTimeoutException e) {
      socket.close();
      throw new IOException("timed out after " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Returns {@code HOST:PORT}, with an IPv6 address in brackets. */
  String address() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
