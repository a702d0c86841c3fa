package io.devstreams.hub.control;

import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.registry.DeviceStatus;
import io.devstreams.hub.registry.DeviceStatuses;
import io.devstreams.hub.settings.HubSettings;
import io.devstreams.hub.streams.StreamAdmission;
import io.devstreams.hub.streams.StreamRecord;
import io.devstreams.hub.streams.StreamTicket;
import io.devstreams.protocol.ErrorCode;
import io.devstreams.protocol.StreamNames;
import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.StreamResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns a service's stream request into a pending stream: waits for the device to be online, asks
 * it over its control channel, and completes with its answer. No thread waits: every step is a
 * future.
 */
@ApplicationScoped
public class StreamInitiation {
  private static final System.Logger LOG = System.getLogger(StreamInitiation.class.getName());

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  @Inject DeviceStatuses statuses;
  @Inject DeviceChannels channels;
  @Inject StreamAdmission admission;
  @Inject HubSettings hubSettings;

  /**
   * Asks device {@code deviceId} for a stream to its service {@code name}. Fails with a {@link
   * HubException}: 400 for a bad name, 404001 for no such device, 404103 when it is not online
   * within {@code connectTimeout}, 504101 when it does not answer within {@code responseTimeout}.
   * Every request with a valid name is recorded in the stream history as {@code requestedBy}'s.
   */
  public CompletableFuture<StreamOutcome> initiate(
      String requestedBy,
      String deviceId,
      String name,
      Duration connectTimeout,
      Duration responseTimeout) {
    try {
      StreamNames.validate(name);
    } catch (IllegalArgumentException e) {
      throw HubException.badRequest(e.getMessage());
    }
    Request request = new Request(requestedBy, deviceId, name);
    admission.admit(requestedBy, deviceId, name);
    DeviceStatus status;
    try {
      status = statuses.status(deviceId);
    } catch (HubException e) {
      throw e.kind() == HubException.Kind.NOT_FOUND
          ? request.refused(StreamRecord.Outcome.NOT_FOUND, e)
          : e;
    }
    if (status == DeviceStatus.DISABLED) {
      throw request.refused(StreamRecord.Outcome.OFFLINE, notOnline(deviceId, "is disabled"));
    }
    return channels
        .awaitOnline(deviceId, connectTimeout)
        .exceptionally(
            e -> {
              throw request.refused(
                  StreamRecord.Outcome.OFFLINE,
                  notOnline(deviceId, "did not come online within " + seconds(connectTimeout)));
            })
        .thenCompose(channel -> ask(channel, request, responseTimeout));
  }

  private CompletableFuture<StreamOutcome> ask(
      ControlChannel channel, Request request, Duration responseTimeout) {
    String deviceId = channel.deviceId();
    String name = request.name;
    StreamTicket ticket =
        admission.open(
            request.requestedBy,
            deviceId,
            name,
            channels.settings().handshakeTimeout().plus(responseTimeout));
    String requestId = UUID.randomUUID().toString();
    String url = "wss://" + hubSettings.publicHost() + "/streams/" + ticket.streamId();
    Pending p = new Pending(deviceId, ticket, url, new CompletableFuture<>());
    pending.put(requestId, p);
    LOG.log(
        Level.DEBUG,
        "device {0}: stream {1} requested for service {2}",
        deviceId,
        ticket.streamId(),
        name);
    channel.requestStream(new StreamRequest(requestId, name, url, ticket.deviceToken()), ticket);
    return p.answer
        .orTimeout(responseTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((o, e) -> settle(requestId, p, o, e, responseTimeout));
  }

  private StreamOutcome settle(
      String requestId, Pending p, StreamOutcome o, Throwable e, Duration timeout) {
    pending.remove(requestId, p);
    if (o != null && o.accepted()) {
      return o;
    }
    if (o != null) {
      admission.cancel(
          p.ticket.streamId(),
          StreamRecord.Outcome.REJECTED,
          o.reason().isEmpty() ? "device rejected" : o.reason());
      return o;
    }
    boolean offline =
        unwrap(e) instanceof HubException he && he.errorCode() == ErrorCode.DEVICE_NOT_ONLINE;
    admission.cancel(
        p.ticket.streamId(),
        offline ? StreamRecord.Outcome.OFFLINE : StreamRecord.Outcome.TIMED_OUT,
        offline
            ? "device went offline before answering"
            : "device did not answer within " + seconds(timeout));
    if (unwrap(e) instanceof HubException he) {
      throw new CompletionException(he);
    }
    if (unwrap(e) instanceof TimeoutException) {
      throw new CompletionException(
          new HubException(
              HubException.Kind.TIMEOUT,
              ErrorCode.GATEWAY_TIMEOUT,
              "device '" + p.deviceId + "' did not answer within " + seconds(timeout)));
    }
    throw e instanceof CompletionException ce ? ce : new CompletionException(e);
  }

  /**
   * Hands a device's {@code streamResponse} to the request waiting for it; answers for unknown
   * requests or from another device are ignored and logged.
   */
  public void onResponse(String deviceId, StreamResponse response) {
    Pending p = pending.get(response.requestId());
    if (p == null || !p.deviceId.equals(deviceId)) {
      LOG.log(Level.INFO, "device {0}: answer to unknown or expired request ignored", deviceId);
      return;
    }
    if (response.accepted()) {
      LOG.log(Level.DEBUG, "device {0}: stream {1} accepted", deviceId, p.ticket.streamId());
    } else {
      LOG.log(
          Level.INFO,
          "device {0}: stream {1} rejected: {2}",
          deviceId,
          p.ticket.streamId(),
          response.reason());
    }
    p.answer.complete(
        response.accepted()
            ? StreamOutcome.accepted(p.url, p.ticket.serviceToken())
            : StreamOutcome.rejected(response.reason()));
  }

  /** Fails at once the requests still waiting for an answer from a device whose channel closed. */
  public void onChannelClosed(String deviceId) {
    pending.values().stream()
        .filter(p -> p.deviceId.equals(deviceId))
        .forEach(
            p ->
                p.answer.completeExceptionally(
                    notOnline(deviceId, "went offline before answering")));
  }

  /** Number of stream requests waiting for a device's answer. */
  public int pendingCount() {
    return pending.size();
  }

  private static HubException notOnline(String deviceId, String why) {
    return new HubException(
        HubException.Kind.NOT_FOUND,
        ErrorCode.DEVICE_NOT_ONLINE,
        "device '" + deviceId + "' " + why);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }

  /** Who asked for which stream, to record a refusal. */
  private final class Request {
    final String requestedBy;
    final String deviceId;
    final String name;

    Request(String requestedBy, String deviceId, String name) {
      this.requestedBy = requestedBy;
      this.deviceId = deviceId;
      this.name = name;
    }

    /** Records the request as refused and returns the exception to throw. */
    HubException refused(StreamRecord.Outcome outcome, HubException e) {
      admission.recordRefused(requestedBy, deviceId, name, outcome, e.getMessage());
      return e;
    }
  }

  private record Pending(
      String deviceId, StreamTicket ticket, String url, CompletableFuture<StreamOutcome> answer) {}
}
