package io.devstreams.protocol.tunnel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;

/**
 * A minimal RFC 6455 server for tests, on loopback (plain or TLS): it parses the opening handshake,
 * answers with {@code Sec-WebSocket-Accept}, unmasks client frames and lets a {@link Handler}
 * script the conversation on one thread per connection.
 *
 * <p>It checks what a real hub checks about clients (frames masked, at most 64 KiB) and records
 * every connection, so tests can assert on headers and frames. Reusable by other modules through
 * protocol's test jar.
 */
public final class TestWebSocketServer implements AutoCloseable {

  /** Scripts one connection; runs on that connection's own thread. */
  @FunctionalInterface
  public interface Handler {
    /** Handles a connection whose request was read; call {@link Connection#upgrade()} first. */
    void handle(Connection connection) throws IOException;
  }

  private final ServerSocket serverSocket;
  private final Handler handler;
  private final String scheme;
  private final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
  private final CopyOnWriteArrayList<Connection> open = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();

  private TestWebSocketServer(ServerSocketFactory factory, String scheme, Handler handler)
      throws IOException {
    this.serverSocket = factory.createServerSocket();
    this.serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.scheme = scheme;
    this.handler = handler;
    Thread acceptor = new Thread(this::acceptLoop, "test-ws-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a plain {@code ws://} server on a free loopback port. */
  public static TestWebSocketServer start(Handler handler) throws IOException {
    return new TestWebSocketServer(ServerSocketFactory.getDefault(), "ws", handler);
  }

  /** Starts a {@code wss://} server whose sockets come from {@code tlsFactory}. */
  public static TestWebSocketServer startTls(ServerSocketFactory tlsFactory, Handler handler)
      throws IOException {
    return new TestWebSocketServer(tlsFactory, "wss", handler);
  }

  /** Echoes binary frames, answers {@code fin} with {@code fin} then close 1000. */
  public static Handler echo() {
    return connection -> {
      connection.upgrade();
      while (true) {
        Frame frame = connection.read();
        switch (frame.opcode()) {
          case Frame.BINARY -> connection.sendBinary(frame.payload());
          case Frame.TEXT -> {
            connection.sendText(frame.text());
            if (frame.text().equals("{\"type\":\"fin\"}")) {
              connection.sendClose(1000, "");
            }
          }
          case Frame.PING -> connection.send(Frame.PONG, frame.payload());
          case Frame.CLOSE -> {
            connection.answerClose(frame);
            return;
          }
          default -> {}
        }
      }
    };
  }

  /** Upgrades, then closes at once with {@code code} and {@code reason}, then awaits the echo. */
  public static Handler closeWith(int code, String reason) {
    return connection -> {
      connection.upgrade();
      connection.sendClose(code, reason);
      connection.awaitClose();
    };
  }

  /** Refuses the handshake with an HTTP status. */
  public static Handler refuse(int status) {
    return connection -> connection.refuse(status);
  }

  /** Returns the port. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** Returns {@code host:port} as a connection string's {@code HostName}. */
  public String hostName() {
    return "127.0.0.1:" + port();
  }

  /** Returns {@code ws://} or {@code wss://} 127.0.0.1:port followed by {@code path}. */
  public URI uri(String path) {
    return URI.create(scheme + "://" + hostName() + path);
  }

  /** Returns the next connection whose request was read, waiting up to 10 s. */
  public Connection nextConnection() throws InterruptedException {
    Connection connection = connections.poll(10, TimeUnit.SECONDS);
    if (connection == null) {
      throw new AssertionError("no connection within 10 s");
    }
    return connection;
  }

  /** Returns the first exception a handler threw (other than the client going away), or null. */
  public Throwable failure() {
    return failures.peek();
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Connection connection : open) {
      connection.closeSocket();
    }
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        Thread thread = new Thread(() -> serve(socket), "test-ws-server-" + socket.getPort());
        thread.setDaemon(true);
        thread.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      Connection connection = new Connection(socket);
      open.add(connection);
      connections.add(connection);
      handler.handle(connection);
    } catch (EOFException | SocketException e) {
      // the client went away: the test asserts on what it saw
    } catch (IOException | RuntimeException | Error e) {
      failures.add(e);
    }
  }

  /** A data frame or control frame as received (unmasked) or sent. */
  public record Frame(boolean fin, int opcode, byte[] payload) {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** Returns the payload as UTF-8 text. */
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** Returns a close frame's code, or 1005 when it has none. */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    /** Returns a close frame's reason. */
    public String closeReason() {
      return payload.length > 2
          ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
          : "";
    }
  }

  /** One client connection: its opening request, then frames both ways. */
  public static final class Connection {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String requestLine;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private int largestFrame;
    private volatile boolean closeSent;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = new BufferedOutputStream(socket.getOutputStream());
      this.requestLine = readLine();
      for (String line = readLine(); !line.isEmpty(); line = readLine()) {
        int colon = line.indexOf(':');
        headers.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).strip());
      }
    }

    /** Returns the request's path, as sent. */
    public String path() {
      return requestLine.split(" ")[1];
    }

    /** Returns a request header (case-insensitive name), or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Returns the largest payload of a frame received so far. */
    public int largestFrame() {
      return largestFrame;
    }

    /** Answers 101 with the {@code Sec-WebSocket-Accept} for the client's key. */
    public void upgrade() throws IOException {
      String key = header("Sec-WebSocket-Key");
      if (key == null || !"websocket".equalsIgnoreCase(header("Upgrade"))) {
        refuse(400);
        throw new IOException("not a WebSocket upgrade: " + requestLine);
      }
      String accept;
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-1")
                .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
        accept = Base64.getEncoder().encodeToString(digest);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      writeHead(
          "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Accept: "
              + accept
              + "\r\n\r\n");
    }

    /** Answers the request with an HTTP error status and closes. */
    public void refuse(int status) throws IOException {
      refuse(status, new String[0]);
    }

    /** Answers with an HTTP error status and these header lines ({@code "Name: value"}). */
    public void refuse(int status, String... headerLines) throws IOException {
      StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " Refused\r\n");
      for (String line : headerLines) {
        head.append(line).append("\r\n");
      }
      writeHead(head.append("Content-Length: 0\r\nConnection: close\r\n\r\n").toString());
      socket.close();
    }

    /** Reads the next frame, unmasked; fails on an unmasked frame or one over 64 KiB. */
    public Frame read() throws IOException {
      int b0 = readByte();
      int b1 = readByte();
      if ((b1 & 0x80) == 0) {
        throw new IOException("client frame is not masked");
      }
      long length = b1 & 0x7F;
      if (length == 126) {
        length = (readByte() << 8) | readByte();
      } else if (length == 127) {
        length = ByteBuffer.wrap(in.readNBytes(8)).getLong();
      }
      if (length > StreamChannel.MAX_FRAME_BYTES) {
        throw new IOException("client frame of " + length + " bytes is over 64 KiB");
      }
      byte[] mask = in.readNBytes(4);
      byte[] payload = in.readNBytes((int) length);
      if (payload.length != length) {
        throw new EOFException("frame cut short");
      }
      for (int i = 0; i < payload.length; i++) {
        payload[i] ^= mask[i & 3];
      }
      largestFrame = Math.max(largestFrame, payload.length);
      return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    }

    /** Reads frames until a close arrives and answers it; pings are answered on the way. */
    public Frame awaitClose() throws IOException {
      while (true) {
        Frame frame = read();
        if (frame.opcode() == Frame.CLOSE) {
          answerClose(frame);
          return frame;
        }
        if (frame.opcode() == Frame.PING) {
          send(Frame.PONG, frame.payload());
        }
      }
    }

    /** Sends a close echoing a received one (unless one was sent already), then closes. */
    public void answerClose(Frame close) throws IOException {
      if (!closeSent) {
        send(Frame.CLOSE, Arrays.copyOf(close.payload(), Math.min(2, close.payload().length)));
      }
      socket.close();
    }

    /** Sends a binary frame. */
    public void sendBinary(byte[] payload) throws IOException {
      send(Frame.BINARY, payload);
    }

    /** Sends a text frame. */
    public void sendText(String text) throws IOException {
      send(Frame.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a close frame with a code and reason. */
    public void sendClose(int code, String reason) throws IOException {
      byte[] text = reason.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream payload = new ByteArrayOutputStream();
      payload.write(code >> 8);
      payload.write(code & 0xFF);
      payload.write(text);
      send(Frame.CLOSE, payload.toByteArray());
      closeSent = true;
    }

    /** Sends one unmasked, final frame. */
    public synchronized void send(int opcode, byte[] payload) throws IOException {
      out.write(0x80 | opcode);
      if (payload.length < 126) {
        out.write(payload.length);
      } else if (payload.length <= 0xFFFF) {
        out.write(126);
        out.write(payload.length >> 8);
        out.write(payload.length & 0xFF);
      } else {
        out.write(127);
        out.write(ByteBuffer.allocate(8).putLong(payload.length).array());
      }
      out.write(payload);
      out.flush();
    }

    /**
     * Drops the TCP connection as a killed process's kernel does when data it never read is
     * waiting: a reset, which the other side's reads and writes both see.
     */
    public void resetSocket() {
      try {
        socket.setSoLinger(true, 0);
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }

    /** Drops the TCP connection without a close frame. */
    public void closeSocket() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }

    private synchronized void writeHead(String head) throws IOException {
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }

    private int readByte() throws IOException {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed");
      }
      return b;
    }

    private String readLine() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b = readByte(); b != '\n'; b = readByte()) {
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }
  }
}
