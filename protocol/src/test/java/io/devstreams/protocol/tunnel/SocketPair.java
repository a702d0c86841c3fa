package io.devstreams.protocol.tunnel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Two connected loopback sockets: {@code app} plays the local application (an SSH client, say) and
 * {@code bridged} is handed to {@link StreamChannel#bridge(Socket)}.
 *
 * @param app the application's end
 * @param bridged the end the channel bridges
 */
record SocketPair(Socket app, Socket bridged) implements AutoCloseable {

  static SocketPair open() throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Socket app = new Socket();
      app.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
      return new SocketPair(app, listener.accept());
    }
  }

  @Override
  public void close() throws IOException {
    app.close();
    bridged.close();
  }
}
