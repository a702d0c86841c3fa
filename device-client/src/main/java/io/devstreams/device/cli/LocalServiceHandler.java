package io.devstreams.device.cli;

import io.devstreams.device.AcceptedStream;
import io.devstreams.device.StreamDecision;
import io.devstreams.device.StreamRequestHandler;
import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.tunnel.ConnectionFailures;
import io.devstreams.protocol.tunnel.StreamChannel;
import io.devstreams.protocol.tunnel.StreamResult;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's policy: a stream reaches the local service its name maps to, and nothing else. It
 * connects to the service before accepting, so that an unreachable service is a rejection with a
 * reason rather than a stream that dies at once, then bridges the accepted stream to that
 * connection and logs its open and close.
 */
final class LocalServiceHandler implements StreamRequestHandler {

  private static final System.Logger LOG = System.getLogger(DeviceAgentMain.class.getName());

  private final ServiceMap services;
  private final Duration connectTimeout;
  private final Map<String, StreamChannel> active = new ConcurrentHashMap<>();

  LocalServiceHandler(ServiceMap services, Duration connectTimeout) {
    this.services = services;
    this.connectTimeout = connectTimeout;
  }

  @Override
  public StreamDecision decide(StreamRequest request) {
    String stream = streamId(request);
    Optional<ServiceTarget> target = services.get(request.name());
    if (target.isEmpty()) {
      return reject(stream, "no service named '" + request.name() + "' on this device");
    }
    Socket socket;
    try {
      socket = target.get().connect(connectTimeout);
    } catch (IOException e) {
      return reject(
          stream,
          "cannot connect to " + target.get().address() + ": " + ConnectionFailures.describe(e));
    }
    return StreamDecision.accept(new Bridge(stream, target.get(), socket));
  }

  /** Returns the number of streams open now. */
  int activeStreams() {
    return active.size();
  }

  /** Closes every open stream with this code and reason (for shutdown). */
  void closeAll(int code, String reason) {
    active.values().forEach(channel -> channel.close(code, reason));
  }

  private static StreamDecision reject(String stream, String reason) {
    LOG.log(Level.INFO, "stream " + stream + " rejected: " + reason);
    return StreamDecision.reject(reason);
  }

  private static String streamId(StreamRequest request) {
    String url = request.url();
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    return path.substring(path.lastIndexOf('/') + 1);
  }

  static String summary(ServiceTarget target, StreamResult result, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return String.format(
        Locale.ROOT,
        "service %s, %d bytes in, %d bytes out, %.1f s, %s",
        target.name(),
        result.bytesReceived(),
        result.bytesSent(),
        seconds,
        result.describe());
  }

  /** Bridges one accepted stream to its already connected service socket. */
  private final class Bridge implements AcceptedStream {
    private final String stream;
    private final ServiceTarget target;
    private final Socket socket;

    Bridge(String stream, ServiceTarget target, Socket socket) {
      this.stream = stream;
      this.target = target;
      this.socket = socket;
    }

    @Override
    public void opened(StreamChannel channel) {
      long start = System.nanoTime();
      active.put(channel.id(), channel);
      LOG.log(
          Level.INFO,
          "stream " + channel.id() + " open: service " + target.name() + " -> " + target.address());
      channel
          .bridge(socket)
          .thenAccept(
              result -> {
                active.remove(channel.id());
                LOG.log(
                    result.isNormal() ? Level.INFO : Level.WARNING,
                    "stream " + channel.id() + " closed: " + summary(target, result, start));
              });
    }

    @Override
    public void failed(Throwable error) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // the stream never started: nothing was sent through this socket
      }
      LOG.log(
          Level.WARNING,
          "stream "
              + stream
              + " (service "
              + target.name()
              + ") could not be opened: "
              + ConnectionFailures.describe(error));
    }
  }
}
