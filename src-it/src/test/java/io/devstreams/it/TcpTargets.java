package io.devstreams.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/** Real TCP servers on loopback that play the services behind a device. */
final class TcpTargets implements AutoCloseable {
  private final ServerSocket server;

  private TcpTargets(ServerSocket server, Consumer<Socket> handler) {
    this.server = server;
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  Thread c = new Thread(() -> handle(s, handler), "target-conn");
                  c.setDaemon(true);
                  c.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "target-accept");
    t.setDaemon(true);
    t.start();
  }

  private static void handle(Socket s, Consumer<Socket> handler) {
    try (s) {
      handler.accept(s);
    } catch (IOException | UncheckedIOException e) {
      // the peer went away: nothing to clean up beyond the socket
    }
  }

  /** Echoes every byte back as it arrives, and half-closes when its input ends. */
  static TcpTargets echo() {
    return new TcpTargets(bind(), TcpTargets::echoConnection);
  }

  /** Accepts connections and never reads from them: a service whose reader stopped. */
  static TcpTargets neverReads() {
    return new TcpTargets(
        bind(),
        s -> {
          try {
            s.getInputStream().readNBytes(0);
            new java.util.concurrent.CountDownLatch(1).await(); // until the test ends
          } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /**
   * Reads until end of input, then answers with the SHA-256 (hex) of what it read, a newline and
   * the input itself: a reply that only comes after the client half-closed.
   */
  static TcpTargets replyAfterEof() {
    return new TcpTargets(bind(), TcpTargets::replyConnection);
  }

  int port() {
    return server.getLocalPort();
  }

  private static ServerSocket bind() {
    try {
      return new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void echoConnection(Socket s) {
    try {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[32 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
      }
      s.shutdownOutput();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void replyConnection(Socket s) {
    try {
      byte[] all = s.getInputStream().readAllBytes();
      OutputStream out = s.getOutputStream();
      out.write((sha256(all) + "\n").getBytes(StandardCharsets.US_ASCII));
      out.write(all);
      out.flush();
      s.shutdownOutput();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code line} to a connection to an echo target and reads as many bytes back. */
  static String echoLine(Socket socket, String line) throws IOException {
    byte[] bytes = line.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return new String(
        socket.getInputStream().readNBytes(bytes.length),
        java.nio.charset.StandardCharsets.US_ASCII);
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
