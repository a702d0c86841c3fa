package io.devstreams.protocol.tunnel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal HTTP CONNECT proxy for tests, on loopback: records each CONNECT request with its {@code
 * Proxy-Authorization}, answers 407 when the credentials are not the expected ones, and otherwise
 * relays bytes both ways.
 */
public final class TestConnectProxy implements AutoCloseable {

  /** One CONNECT request as the proxy saw it. */
  public record Request(String target, String proxyAuthorization) {}

  private final ServerSocket serverSocket;
  private final String requiredAuthorization;
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

  private TestConnectProxy(String requiredAuthorization) throws IOException {
    this.requiredAuthorization = requiredAuthorization;
    this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "test-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a proxy that wants this exact {@code Proxy-Authorization} value (null: none). */
  public static TestConnectProxy start(String requiredAuthorization) throws IOException {
    return new TestConnectProxy(requiredAuthorization);
  }

  /** Returns the port. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Returns the next CONNECT request, failing after 10 s without one. */
  public Request nextRequest() throws InterruptedException {
    Request request = requests.poll(10, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("no CONNECT request within 10 s");
    }
    return request;
  }

  /** Returns whether a CONNECT request arrived that no test took yet. */
  public boolean sawRequests() {
    return !requests.isEmpty();
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket client = serverSocket.accept();
        Thread thread = new Thread(() -> serve(client), "test-proxy-" + client.getPort());
        thread.setDaemon(true);
        thread.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      OutputStream out = client.getOutputStream();
      String[] lines = readHead(in).split("\r\n");
      String target = lines[0].split(" ")[1];
      String authorization = null;
      for (String line : lines) {
        if (line.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:")) {
          authorization = line.substring(line.indexOf(':') + 1).strip();
        }
      }
      requests.add(new Request(target, authorization));
      if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
        out.write(
            ("HTTP/1.1 407 Proxy Authentication Required\r\n"
                    + "Proxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n"
                    + "Connection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        return;
      }
      int colon = target.lastIndexOf(':');
      try (Socket upstream = new Socket()) {
        upstream.connect(
            new InetSocketAddress(
                target.substring(0, colon), Integer.parseInt(target.substring(colon + 1))));
        out.write(
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        Thread up = new Thread(() -> relay(client, upstream), "test-proxy-up");
        up.setDaemon(true);
        up.start();
        relay(upstream, client);
      }
    } catch (IOException e) {
      // a side went away: the test asserts on what arrived
    }
  }

  private static void relay(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // a side went away
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed in the request head");
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }
}
