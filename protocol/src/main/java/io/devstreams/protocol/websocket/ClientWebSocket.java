package io.devstreams.protocol.websocket;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.net.ssl.SSLSocket;

/**
 * An open client WebSocket over TLS: binary messages and control frames written masked, straight
 * into the TLS connection, and server frames read from it.
 *
 * <p>Writing is not thread-safe: one writer at a time (the caller's lock). Reading is for one
 * thread, which also learns of pings, pongs and the close frame through {@link #read}.
 */
public final class ClientWebSocket implements AutoCloseable {

  /** What {@link #read} found. */
  public enum Kind {
    /** A binary message, in {@link #message()} up to {@link #length()}. */
    BINARY,
    /** A text message, in {@link #message()} up to {@link #length()} (UTF-8). */
    TEXT,
    /** A ping; its payload in {@link #message()}. The caller answers with a pong. */
    PING,
    /** A pong. */
    PONG,
    /** The close frame: {@link #closeCode()} and {@link #closeReason()}. */
    CLOSE
  }

  /** RFC 6455's code for a close frame without a code. */
  public static final int NO_STATUS = 1005;

  private static final int KEYS = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SSLSocket socket;
  private final InputStream in;
  private final OutputStream out;
  private final int maxMessage;
  private final byte[] header = new byte[14]; // the writers'
  private final byte[] readHeader = new byte[10]; // the reader's
  private final byte[] keys = new byte[KEYS * 4];
  private int nextKey = KEYS;
  private byte[] writeBuffer = new byte[0];
  private final byte[] control = new byte[125];
  private byte[] message = new byte[1024];
  private int length;
  private int messageOpcode = -1;
  private boolean complete;
  private int controlLength = -1;
  private int closeCode;
  private String closeReason = "";

  ClientWebSocket(SSLSocket socket, InputStream in, OutputStream out) {
    this(socket, in, out, 65_541);
  }

  ClientWebSocket(SSLSocket socket, InputStream in, OutputStream out, int maxMessage) {
    this.socket = socket;
    this.in = in;
    this.out = out;
    this.maxMessage = maxMessage;
  }

  /**
   * Writes one binary message made of {@code head} (its first {@code headLength} bytes) followed by
   * {@code body}; both are masked into one buffer and written with one call.
   */
  public void sendBinary(byte[] head, int headLength, byte[] body, int offset, int bodyLength)
      throws IOException {
    int payload = headLength + bodyLength;
    int key = nextKey();
    int at = frameHeader(0x2, payload, key);
    byte[] buffer = buffer(at + payload);
    System.arraycopy(header, 0, buffer, 0, at);
    int keyOffset = Masking.mask(head, 0, buffer, at, headLength, key, 0);
    Masking.mask(body, offset, buffer, at + headLength, bodyLength, key, keyOffset);
    out.write(buffer, 0, at + payload);
    out.flush();
  }

  /** Writes a ping with {@code payload} (at most 125 bytes). */
  public void sendPing(byte[] payload) throws IOException {
    sendControl(0x9, payload);
  }

  /** Writes a pong answering a ping's {@code payload}. */
  public void sendPong(byte[] payload, int length) throws IOException {
    byte[] copy = new byte[length];
    System.arraycopy(payload, 0, copy, 0, length);
    sendControl(0xA, copy);
  }

  /** Writes the close frame with {@code code} and a reason cut to 123 UTF-8 bytes. */
  public void sendClose(int code, String reason) throws IOException {
    byte[] text = io.devstreams.protocol.mux.MuxFrames.close(code, reason);
    sendControl(0x8, text);
  }

  /**
   * Reads until a whole message or a control frame arrived and says which; the bytes are in {@link
   * #message()} until the next call.
   *
   * @throws EOFException if the connection ended
   * @throws ProtocolException if the hub broke RFC 6455 or sent a message over the limit
   */
  public Kind read() throws IOException {
    controlLength = -1;
    if (complete) {
      complete = false;
      length = 0;
      messageOpcode = -1;
    }
    while (true) {
      readFully(readHeader, 0, 2);
      boolean fin = (readHeader[0] & 0x80) != 0;
      int opcode = readHeader[0] & 0x0F;
      if ((readHeader[0] & 0x70) != 0) {
        throw new ProtocolException("the hub set reserved bits in a frame");
      }
      if ((readHeader[1] & 0x80) != 0) {
        throw new ProtocolException("the hub sent a masked frame");
      }
      long size = readHeader[1] & 0x7F;
      if (size == 126) {
        readFully(readHeader, 2, 2);
        size = ((readHeader[2] & 0xFF) << 8) | (readHeader[3] & 0xFF);
      } else if (size == 127) {
        readFully(readHeader, 2, 8);
        size = 0;
        for (int i = 2; i < 10; i++) {
          size = (size << 8) | (readHeader[i] & 0xFF);
        }
      }
      if (opcode >= 0x8) {
        if (!fin || size > 125) {
          throw new ProtocolException("the hub sent a fragmented or long control frame");
        }
        return control(opcode, (int) size);
      }
      if (opcode == 0 ? messageOpcode < 0 : messageOpcode >= 0 || (opcode != 1 && opcode != 2)) {
        throw new ProtocolException("the hub sent frames out of order or a reserved opcode");
      }
      if (messageOpcode < 0) {
        messageOpcode = opcode;
      }
      if (length + size > maxMessage) {
        throw new ProtocolException("the hub sent a message over " + maxMessage + " bytes");
      }
      ensure(length + (int) size);
      readFully(message, length, (int) size);
      length += (int) size;
      if (fin) {
        complete = true;
        return messageOpcode == 1 ? Kind.TEXT : Kind.BINARY;
      }
    }
  }

  /** Returns the buffer holding what {@link #read} returned last (a message or a control frame). */
  public byte[] message() {
    return controlLength >= 0 ? control : message;
  }

  /** Returns how many bytes of {@link #message()} the last read filled. */
  public int length() {
    return controlLength >= 0 ? controlLength : length;
  }

  /** Returns the code of the close frame read last ({@link #NO_STATUS} if it had none). */
  public int closeCode() {
    return closeCode;
  }

  /** Returns the reason of the close frame read last. */
  public String closeReason() {
    return closeReason;
  }

  /** Returns the TLS socket, for its addresses and timeouts. */
  public SSLSocket socket() {
    return socket;
  }

  /** Closes the connection without a close handshake. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already broken: nothing more to close
    }
  }

  private Kind control(int opcode, int size) throws IOException {
    readFully(control, 0, size);
    controlLength = size;
    switch (opcode) {
      case 0x8 -> {
        if (size == 1) {
          throw new ProtocolException("the hub sent a close frame of one byte");
        }
        closeCode = size == 0 ? NO_STATUS : ((control[0] & 0xFF) << 8) | (control[1] & 0xFF);
        closeReason = size <= 2 ? "" : new String(control, 2, size - 2, StandardCharsets.UTF_8);
        return Kind.CLOSE;
      }
      case 0x9 -> {
        return Kind.PING;
      }
      case 0xA -> {
        return Kind.PONG;
      }
      default -> throw new ProtocolException("the hub sent a reserved control opcode");
    }
  }

  private void sendControl(int opcode, byte[] payload) throws IOException {
    int key = nextKey();
    int at = frameHeader(opcode, payload.length, key);
    byte[] buffer = new byte[at + payload.length];
    System.arraycopy(header, 0, buffer, 0, at);
    Masking.mask(payload, 0, buffer, at, payload.length, key, 0);
    out.write(buffer);
    out.flush();
  }

  /** Writes a masked frame header into {@link #header}; returns its length. */
  private int frameHeader(int opcode, int payload, int key) {
    header[0] = (byte) (0x80 | opcode);
    int at;
    if (payload < 126) {
      header[1] = (byte) (0x80 | payload);
      at = 2;
    } else if (payload <= 0xFFFF) {
      header[1] = (byte) (0x80 | 126);
      header[2] = (byte) (payload >>> 8);
      header[3] = (byte) payload;
      at = 4;
    } else {
      header[1] = (byte) (0x80 | 127);
      for (int i = 0; i < 8; i++) {
        header[2 + i] = (byte) (i < 4 ? 0 : payload >>> (8 * (7 - i)));
      }
      at = 10;
    }
    header[at] = (byte) (key >>> 24);
    header[at + 1] = (byte) (key >>> 16);
    header[at + 2] = (byte) (key >>> 8);
    header[at + 3] = (byte) key;
    return at + 4;
  }

  /** A fresh masking key from a strong source, fetched 64 at a time (RFC 6455, section 5.3). */
  private int nextKey() {
    if (nextKey == KEYS) {
      RANDOM.nextBytes(keys);
      nextKey = 0;
    }
    int i = 4 * nextKey++;
    return ((keys[i] & 0xFF) << 24)
        | ((keys[i + 1] & 0xFF) << 16)
        | ((keys[i + 2] & 0xFF) << 8)
        | (keys[i + 3] & 0xFF);
  }

  private byte[] buffer(int size) {
    if (writeBuffer.length < size) {
      writeBuffer = new byte[Math.max(size, Math.min(2 * writeBuffer.length, maxMessage + 14))];
    }
    return writeBuffer;
  }

  private void ensure(int size) {
    if (message.length < size) {
      byte[] bigger = new byte[Math.max(size, Math.min(2 * message.length, maxMessage))];
      System.arraycopy(message, 0, bigger, 0, length);
      message = bigger;
    }
  }

  private void readFully(byte[] b, int off, int len) throws IOException {
    int n = in.readNBytes(b, off, len);
    if (n < len) {
      throw new EOFException("the hub closed the connection");
    }
  }
}
