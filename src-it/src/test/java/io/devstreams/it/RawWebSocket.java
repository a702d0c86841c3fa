package io.devstreams.it;

import io.devstreams.protocol.tunnel.ClientIdentity;
import io.devstreams.protocol.tunnel.HubTls;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A WebSocket client spoken by hand over a TLS socket that trusts only the hub's certificate, so
 * that a test sees the real HTTP status of a refused handshake (never hidden behind a library's
 * exception) and can send frames no well-behaved library would: unmasked, oversized, reserved
 * opcodes.
 */
final class RawWebSocket implements AutoCloseable {
  static final int OP_CONTINUATION = 0x0;
  static final int OP_TEXT = 0x1;
  static final int OP_BINARY = 0x2;
  static final int OP_CLOSE = 0x8;
  static final int OP_PING = 0x9;
  static final int OP_PONG = 0xA;

  /** Longest a single read may block before the test fails instead of hanging. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Response response;
  private boolean closeSent;

  /**
   * The hub's answer to the opening handshake.
   *
   * @param status the HTTP status (101 when upgraded)
   * @param headers header values by lower-case name
   * @param body the body of a refusal, empty after a 101
   */
  record Response(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
      return "HTTP " + status + " " + headers + " " + body;
    }
  }

  /**
   * One frame from the hub.
   *
   * @param fin whether it is the last frame of its message
   * @param opcode the opcode
   * @param payload the (unmasked) payload
   */
  record Frame(boolean fin, int opcode, byte[] payload) {
    /** The status code of a close frame, or 1005 when it carries none. */
    int closeCode() {
      return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }

    /** The reason of a close frame. */
    String closeReason() {
      return payload.length <= 2
          ? ""
          : new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return opcode == OP_CLOSE
          ? "close " + closeCode() + " '" + closeReason() + "'"
          : "frame op " + opcode + " (" + payload.length + " bytes)";
    }
  }

  private RawWebSocket(SSLSocket socket, InputStream in, OutputStream out, Response response) {
    this.socket = socket;
    this.in = in;
    this.out = out;
    this.response = response;
  }

  /**
   * Connects to the hub, sends a WebSocket opening handshake for {@code path} with {@code
   * Authorization: authorization} (none when null) and reads the answer. After anything but a 101
   * the connection is closed; {@link #response()} tells which.
   */
  static RawWebSocket connect(HubProcess hub, String path, String authorization) {
    return connect(
        hub, path, authorization == null ? List.of() : List.of("Authorization: " + authorization));
  }

  /**
   * Connects with these extra header lines ({@code "Name: value"}, sent as given, in order, so a
   * header may appear twice) after the handshake's own.
   */
  static RawWebSocket connect(HubProcess hub, String path, List<String> headerLines) {
    return connect(hub, InetAddress.getLoopbackAddress(), path, headerLines);
  }

  /**
   * Connects from the local address {@code from} (any of 127.0.0.0/8 on Linux), so that the hub
   * sees another remote address than 127.0.0.1, with {@code Authorization: authorization}.
   */
  static RawWebSocket connectFrom(
      HubProcess hub, InetAddress from, String path, String authorization) {
    return connect(hub, from, path, List.of("Authorization: " + authorization));
  }

  /**
   * Connects to the hub's device-certificate listener presenting {@code identity}, with these extra
   * header lines.
   */
  static RawWebSocket connectWithCertificate(
      HubProcess hub, ClientIdentity identity, String path, List<String> headerLines) {
    return connect(
        hub,
        HubTls.sslContext(hub.trustCert(), identity),
        hub.deviceCertPort(),
        InetAddress.getLoopbackAddress(),
        path,
        headerLines);
  }

  private static RawWebSocket connect(
      HubProcess hub, InetAddress from, String path, List<String> headerLines) {
    return connect(hub, HubTls.sslContext(hub.trustCert()), hub.port(), from, path, headerLines);
  }

  private static RawWebSocket connect(
      HubProcess hub,
      SSLContext tls,
      int port,
      InetAddress from,
      String path,
      List<String> headerLines) {
    SSLSocket socket = null;
    try {
      socket = (SSLSocket) tls.getSocketFactory().createSocket();
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          (int) READ_TIMEOUT.toMillis());
      socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      byte[] nonce = new byte[16];
      RANDOM.nextBytes(nonce);
      String key = Base64.getEncoder().encodeToString(nonce);
      StringBuilder request =
          new StringBuilder()
              .append("GET ")
              .append(path)
              .append(" HTTP/1.1\r\n")
              .append("Host: ")
              .append(hub.hostPort())
              .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
              .append("Sec-WebSocket-Key: ")
              .append(key)
              .append("\r\nSec-WebSocket-Version: 13\r\n");
      for (String line : headerLines) {
        request.append(line).append("\r\n");
      }
      request.append("\r\n");
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Response response = readResponse(in);
      if (response.status() == 101) {
        String accept = response.header("Sec-WebSocket-Accept");
        if (!acceptFor(key).equals(accept)) {
          throw new AssertionError("101 with a wrong Sec-WebSocket-Accept: " + response);
        }
      } else {
        socket.close();
      }
      return new RawWebSocket(socket, in, out, response);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new UncheckedIOException(e);
    }
  }

  /** Connects to a stream URL path with {@code Authorization: Bearer token}. */
  static RawWebSocket join(HubProcess hub, String streamPath, String token) {
    return connect(hub, streamPath, "Bearer " + token);
  }

  Response response() {
    return response;
  }

  boolean upgraded() {
    return response.status() == 101;
  }

  /** Sends one frame; client frames are masked unless {@code masked} is false. */
  void send(boolean fin, int opcode, byte[] payload, boolean masked) {
    writeHeader(fin, opcode, payload.length, masked, payload);
  }

  /**
   * Sends only the header (and masking key) of a masked frame announcing {@code length} payload
   * bytes, without the payload: enough for the hub to judge the frame, and nothing left unread
   * behind it.
   */
  void sendHeaderOnly(int opcode, long length) {
    writeHeader(true, opcode, length, true, null);
  }

  void sendBinary(byte[] payload) {
    send(true, OP_BINARY, payload, true);
  }

  /** Sends a close frame with {@code code} (and no reason). */
  void sendClose(int code) {
    closeSent = true;
    send(true, OP_CLOSE, new byte[] {(byte) (code >>> 8), (byte) code}, true);
  }

  /** Reads the next frame, failing the test if none arrives within {@code timeout}. */
  Frame readFrame(Duration timeout) {
    try {
      socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
      int b0 = readByte();
      int b1 = readByte();
      long length = b1 & 0x7F;
      if (length == 126) {
        length = ((long) readByte() << 8) | readByte();
      } else if (length == 127) {
        length = 0;
        for (int i = 0; i < 8; i++) {
          length = (length << 8) | readByte();
        }
      }
      byte[] mask = null;
      if ((b1 & 0x80) != 0) {
        mask = in.readNBytes(4);
      }
      if (length > 1 << 20) {
        throw new AssertionError("the hub sent a frame of " + length + " bytes");
      }
      byte[] payload = in.readNBytes((int) length);
      if (payload.length != length) {
        throw new EOFException("connection ended inside a frame");
      }
      if (mask != null) {
        throw new AssertionError("the hub sent a masked frame (RFC 6455 5.1 forbids it)");
      }
      return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no frame from the hub within " + timeout, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads frames until the hub's close frame, answering pings and ignoring data, and answers the
   * close (unless one was sent already); fails if none arrives within {@code timeout}.
   */
  Frame awaitClose(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no close frame from the hub within " + timeout);
      }
      Frame f = readFrame(Duration.ofNanos(left));
      if (f.opcode() == OP_PING) {
        send(true, OP_PONG, f.payload(), true);
      } else if (f.opcode() == OP_CLOSE) {
        if (!closeSent) {
          try {
            sendClose(f.closeCode() == 1005 ? 1000 : f.closeCode());
          } catch (UncheckedIOException e) {
            // the hub may drop the connection right after its close: nothing to answer then
          }
        }
        return f;
      }
    }
  }

  /**
   * Waits for the hub to end the connection, discarding whatever it sends; returns how long that
   * took, or fails if it has not ended within {@code timeout}.
   */
  Duration awaitEnd(Duration timeout) {
    long start = System.nanoTime();
    try {
      socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
      while (in.read() >= 0) {
        if (System.nanoTime() - start > timeout.toNanos()) {
          throw new AssertionError("the hub kept the connection for more than " + timeout);
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the hub kept the connection for more than " + timeout, e);
    } catch (IOException e) {
      // a reset ends it too
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Reads the next text message (one frame), answering pings; fails after {@code timeout}. */
  String readText(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no text message from the hub within " + timeout);
      }
      Frame f = readFrame(Duration.ofNanos(left));
      if (f.opcode() == OP_PING) {
        send(true, OP_PONG, f.payload(), true);
      } else if (f.opcode() == OP_TEXT && f.fin()) {
        return new String(f.payload(), StandardCharsets.UTF_8);
      } else {
        throw new AssertionError("expected a text message, got " + f);
      }
    }
  }

  /** Sends one text message in one frame. */
  void sendText(String text) {
    send(true, OP_TEXT, text.getBytes(StandardCharsets.UTF_8), true);
  }

  /** Reads binary frames until {@code n} payload bytes arrived, answering pings. */
  byte[] readData(int n, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    while (data.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("only " + data.size() + " of " + n + " bytes within " + timeout);
      }
      Frame f = readFrame(Duration.ofNanos(left));
      if (f.opcode() == OP_PING) {
        send(true, OP_PONG, f.payload(), true);
      } else if (f.opcode() == OP_BINARY || f.opcode() == OP_CONTINUATION) {
        data.writeBytes(f.payload());
      } else {
        throw new AssertionError("expected data, got " + f);
      }
    }
    return data.toByteArray();
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  /** Writes {@code bytes} as they are: many frames at once, or half of one. */
  void sendRaw(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends a close frame with this exact payload (a code that may not be sent, one byte, a reason
   * that is not UTF-8), marking the close as sent.
   */
  void sendClosePayload(byte[] payload) {
    closeSent = true;
    send(true, OP_CLOSE, payload, true);
  }

  /**
   * The bytes of one client frame: masked (with a fresh key) or not, with the shortest length
   * encoding of {@code length}; the payload, when given, must be that long.
   */
  static byte[] frame(boolean fin, int opcode, long length, boolean masked, byte[] payload) {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write((fin ? 0x80 : 0) | opcode);
    int maskBit = masked ? 0x80 : 0;
    if (length < 126) {
      frame.write(maskBit | (int) length);
    } else if (length <= 0xFFFF) {
      frame.write(maskBit | 126);
      frame.write((int) (length >>> 8));
      frame.write((int) length);
    } else {
      frame.write(maskBit | 127);
      for (int i = 7; i >= 0; i--) {
        frame.write((int) (length >>> (8 * i)));
      }
    }
    byte[] mask = new byte[4];
    if (masked) {
      RANDOM.nextBytes(mask);
      frame.writeBytes(mask);
    }
    if (payload != null) {
      for (int i = 0; i < payload.length; i++) {
        frame.write(payload[i] ^ (masked ? mask[i & 3] : 0));
      }
    }
    return frame.toByteArray();
  }

  private void writeHeader(boolean fin, int opcode, long length, boolean masked, byte[] payload) {
    sendRaw(frame(fin, opcode, length, masked, payload));
  }

  private int readByte() throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the hub closed the connection");
    }
    return b;
  }

  private static Response readResponse(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the hub closed the connection during the handshake: " + lines);
      }
      if (b == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        line.reset();
        if (text.isEmpty()) {
          break;
        }
        lines.add(text);
      } else {
        line.write(b);
      }
    }
    String[] statusLine = lines.get(0).split(" ", 3);
    int status = Integer.parseInt(statusLine[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String h : lines.subList(1, lines.size())) {
      int colon = h.indexOf(':');
      headers
          .computeIfAbsent(
              h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(h.substring(colon + 1).trim());
    }
    String body = status == 101 ? "" : readBody(in, headers);
    return new Response(status, headers, body);
  }

  private static String readBody(InputStream in, Map<String, List<String>> headers)
      throws IOException {
    List<String> length = headers.get("content-length");
    List<String> encoding = headers.get("transfer-encoding");
    byte[] body;
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length.get(0)));
    } else if (encoding != null && encoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      while (true) {
        String size = readLine(in);
        int semicolon = size.indexOf(';');
        int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (n == 0) {
          while (!readLine(in).isEmpty()) {
            // trailers: none expected
          }
          break;
        }
        all.writeBytes(in.readNBytes(n));
        readLine(in);
      }
      body = all.toByteArray();
    } else {
      body = in.readAllBytes();
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private static String acceptFor(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void closeQuietly(SSLSocket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // already gone
      }
    }
  }
}
