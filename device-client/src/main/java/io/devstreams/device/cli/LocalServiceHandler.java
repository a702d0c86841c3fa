package io.devstreams.device.cli;

import io.devstreams.device.AcceptedStream;
import io.devstreams.device.StreamDecision;
import io.devstreams.device.StreamRequestHandler;
import io.devstreams.protocol.Decimals;
import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.tunnel.ConnectionFailures;
import io.devstreams.protocol.tunnel.StreamResult;
import io.devstreams.protocol.tunnel.TunnelStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
  private final Map<String, OpenStream> active = new ConcurrentHashMap<>();

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

  /**
   * Closes every open stream with this code and reason (for shutdown) and waits up to {@code wait}
   * for them to end, so that the close frames go out before the process does.
   */
  void closeAll(int code, String reason, Duration wait) {
    List<CompletableFuture<Void>> ending = new ArrayList<>();
    for (OpenStream stream : active.values()) {
      stream.channel().close(code, reason);
      ending.add(stream.ended());
    }
    try {
      CompletableFuture.allOf(ending.toArray(CompletableFuture[]::new))
          .get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the hub did not answer in time: the process ends the connections anyway
    }
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
    return "service "
        + target.name()
        + ", "
        + result.bytesReceived()
        + " bytes in, "
        + result.bytesSent()
        + " bytes out, "
        + Decimals.oneDecimal(seconds)
        + " s, "
        + result.describe();
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
    public void opened(TunnelStream channel) {
      long start = System.nanoTime();
      CompletableFuture<Void> ended = new CompletableFuture<>();
      active.put(channel.id(), new OpenStream(channel, ended));
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
                ended.complete(null);
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

  /** A stream being bridged, and a future that completes once its end was logged. */
  private record OpenStream(TunnelStream channel, CompletableFuture<Void> ended) {}
}
