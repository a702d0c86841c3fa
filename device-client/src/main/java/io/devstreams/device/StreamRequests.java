package io.devstreams.device;

import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.StreamResponse;
import io.devstreams.protocol.mux.IncomingStream;
import io.devstreams.protocol.mux.MuxStream;
import io.devstreams.protocol.tunnel.ConnectionFailures;
import io.devstreams.protocol.tunnel.Heartbeat;
import io.devstreams.protocol.tunnel.StreamChannel;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Serves stream requests on worker threads: asks the handler, answers the hub on the control
 * channel that brought the request, and, once an acceptance was sent, opens the stream and hands it
 * to the handler's {@link AcceptedStream}.
 */
final class StreamRequests {

  private static final System.Logger LOG = System.getLogger(DeviceClient.class.getName());
  private static final int MAX_REASON_LENGTH = 1000;

  private final StreamRequestHandler handler;
  private final HttpClient http;
  private final Duration handshakeTimeout;
  private final Heartbeat heartbeat;
  private final Executor workers;

  StreamRequests(
      StreamRequestHandler handler,
      HttpClient http,
      Duration handshakeTimeout,
      Heartbeat heartbeat,
      Executor workers) {
    this.handler = handler;
    this.http = http;
    this.handshakeTimeout = handshakeTimeout;
    this.heartbeat = heartbeat;
    this.workers = workers;
  }

  /** Serves one request in the background. */
  void serve(ControlConnection connection, StreamRequest request) {
    workers.execute(() -> answer(connection, request));
  }

  private void answer(ControlConnection connection, StreamRequest request) {
    StreamDecision decision = decide(request);
    String reason = decision.accepted() ? null : shorten(decision.reason());
    connection
        .send(new StreamResponse(request.requestId(), decision.accepted(), reason))
        .whenCompleteAsync(
            (sent, failure) -> {
              if (!decision.accepted()) {
                return;
              }
              if (failure != null) {
                failed(
                    decision.stream(),
                    new IOException(
                        "could not answer the hub: " + ConnectionFailures.describe(failure),
                        failure));
              } else {
                open(request, decision.stream());
              }
            },
            workers);
  }

  /**
   * Serves a stream the hub offers on a v2 connection, on the offer's own thread: asks the handler,
   * then accepts (and hands the stream over) or refuses with the handler's reason.
   */
  void serve(IncomingStream offer, String hostName) {
    String id = offer.offer().streamId();
    // The request a v1 device would have had: its URL names the stream as the hub does.
    StreamRequest request =
        new StreamRequest(id, offer.offer().name(), "wss://" + hostName + "/streams/" + id, "v2");
    StreamDecision decision = decide(request);
    if (!decision.accepted()) {
      offer.refuse(shorten(decision.reason()));
      return;
    }
    MuxStream stream = offer.accept();
    try {
      decision.stream().opened(stream);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "stream " + id + ": the handler failed", e);
      stream.close(1011, "the device failed to handle the stream");
    }
  }

  private StreamDecision decide(StreamRequest request) {
    try {
      StreamDecision decision = handler.decide(request);
      return decision != null ? decision : StreamDecision.reject("the device did not decide");
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "stream request " + request.requestId() + ": the handler failed", e);
      return StreamDecision.reject("the device failed to handle the request");
    }
  }

  private void open(StreamRequest request, AcceptedStream stream) {
    URI url;
    try {
      url = URI.create(request.url());
    } catch (IllegalArgumentException e) {
      failed(stream, new IOException("the hub sent a malformed stream URL", e));
      return;
    }
    StreamChannel.open(http, url, request.authorizationToken(), handshakeTimeout, heartbeat)
        .whenCompleteAsync(
            (channel, failure) -> {
              if (failure != null) {
                failed(stream, ConnectionFailures.unwrap(failure));
                return;
              }
              try {
                stream.opened(channel);
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stream " + channel.id() + ": the handler failed", e);
                channel.close(1011, "the device failed to handle the stream");
              }
            },
            workers);
  }

  private static void failed(AcceptedStream stream, Throwable error) {
    try {
      stream.failed(error);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the handler failed", e);
    }
  }

  private static String shorten(String reason) {
    return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH);
  }
}
