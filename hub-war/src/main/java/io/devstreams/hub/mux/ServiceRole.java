package io.devstreams.hub.mux;

import io.devstreams.hub.control.StreamInitiation;
import io.devstreams.hub.control.StreamOutcome;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.streams.Side;
import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.ErrorCode;
import io.devstreams.protocol.mux.Acceptance;
import io.devstreams.protocol.mux.FrameType;
import io.devstreams.protocol.mux.OpenRequest;
import io.devstreams.protocol.mux.Refusal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A service process's v2 connection: every {@code OPEN} goes through the same checks, limits and
 * audit as {@code POST /twins/{id}/streams/{name}} ({@link StreamInitiation}), and its answer is
 * {@code ACCEPT} with the stream joined as the service side, or {@code REFUSE} with the error code
 * the REST call would have had.
 */
final class ServiceRole implements MuxRole {

  private final String policy;
  private final StreamInitiation initiation;
  private final MuxConnections connections;

  ServiceRole(String policy, StreamInitiation initiation, MuxConnections connections) {
    this.policy = policy;
    this.initiation = initiation;
    this.connections = connections;
  }

  @Override
  public Side side() {
    return Side.SERVICE;
  }

  @Override
  public String label() {
    return "service '" + policy + "'";
  }

  @Override
  public void started(MuxConnection connection) {
    connections.add(connection);
  }

  @Override
  public void heard(MuxConnection connection) {
    // the connection's own heartbeat reads when it last heard
  }

  @Override
  public void open(
      MuxConnection connection, SubStream stream, byte[] payload, int offset, int length) {
    OpenRequest request;
    CompletableFuture<StreamOutcome> outcome;
    try {
      request = OpenRequest.parse(payload, offset, length, connection.settings().streamWindow());
      stream.sendWindow = request.window();
      outcome =
          initiation.initiate(
              policy,
              request.deviceId(),
              request.name(),
              Duration.ofSeconds(request.connectTimeoutSeconds()),
              Duration.ofSeconds(request.responseTimeoutSeconds()));
    } catch (IllegalArgumentException e) {
      refuse(connection, stream, new Refusal(ErrorCode.ARGUMENT_INVALID.code(), e.getMessage(), 0));
      return;
    } catch (HubException e) {
      refuse(connection, stream, refusal(e));
      return;
    }
    outcome.whenComplete((o, e) -> connection.run(() -> settle(connection, stream, o, e)));
  }

  @Override
  public void answered(
      MuxConnection connection,
      SubStream stream,
      boolean accepted,
      byte[] payload,
      int offset,
      int length) {
    connection.endStream(
        stream, CloseCodes.STREAM_PROTOCOL_ERROR, "the hub offers no streams to a service", true);
  }

  @Override
  public void ended(MuxConnection connection) {
    connections.remove(connection);
  }

  private void settle(MuxConnection connection, SubStream stream, StreamOutcome o, Throwable e) {
    if (e != null) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      refuse(
          connection,
          stream,
          cause instanceof HubException he
              ? refusal(he)
              : new Refusal(ErrorCode.SERVER_ERROR.code(), "hub error", 0));
      return;
    }
    if (!o.accepted()) {
      String reason = o.reason() == null || o.reason().isBlank() ? "" : ": " + o.reason();
      refuse(
          connection,
          stream,
          new Refusal(
              ErrorCode.STREAM_REJECTED.code(), "the device refused the stream" + reason, 0));
      return;
    }
    String streamId = o.url().substring(o.url().lastIndexOf('/') + 1);
    connection.openSettled();
    try {
      connection.broker().authorize(streamId, o.serviceToken());
    } catch (HubException he) {
      connection.send(FrameType.REFUSE, stream.id, refusal(he).toJson());
      connection.forget(stream);
      return;
    }
    boolean cancelled = stream.state == SubStream.State.ENDED;
    if (!cancelled) {
      connection.send(
          FrameType.ACCEPT, stream.id, new Acceptance(stream.receiveWindow, streamId).toJson());
    }
    connection.join(stream, streamId);
    if (cancelled) {
      connection
          .broker()
          .end(
              streamId,
              Side.SERVICE,
              CloseCodes.PEER_CLOSED,
              "the service side closed before the stream opened");
    }
  }

  private void refuse(MuxConnection connection, SubStream stream, Refusal refusal) {
    connection.openSettled();
    if (stream.state != SubStream.State.ENDED) {
      connection.send(FrameType.REFUSE, stream.id, refusal.toJson());
    }
    connection.forget(stream);
  }

  private static Refusal refusal(HubException e) {
    long retry = e.retryAfter().map(d -> Math.max(1, (d.toMillis() + 999) / 1000)).orElse(0L);
    return new Refusal(e.errorCode().code(), e.getMessage(), retry);
  }
}
