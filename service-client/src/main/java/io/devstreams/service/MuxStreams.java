package io.devstreams.service;

import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.DeviceIds;
import io.devstreams.protocol.ErrorCode;
import io.devstreams.protocol.StreamNames;
import io.devstreams.protocol.mux.MuxFrames;
import io.devstreams.protocol.mux.MuxOptions;
import io.devstreams.protocol.mux.MuxSession;
import io.devstreams.protocol.mux.OpenRequest;
import io.devstreams.protocol.mux.Refusal;
import io.devstreams.protocol.mux.StreamRefusedException;
import io.devstreams.protocol.tunnel.TunnelStream;
import io.devstreams.protocol.websocket.HandshakeRefusedException;
import java.io.IOException;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Protocol v2 for a service process: one connection to {@code wss://HOST/v2/service}, opened on the
 * first stream and again after it was lost, carrying every stream; a new stream costs one {@code
 * OPEN} and its answer. Refusals become the same exceptions as the REST call's.
 */
public final class MuxStreams implements StreamOpener {

  private final HubConnection hub;
  private final MuxOptions options;
  private MuxSession session; // guarded by this

  /** Creates the opener; nothing is sent until the first stream. */
  public MuxStreams(HubConnection hub) {
    this(hub, MuxOptions.DEFAULT.withHeartbeat(hub.options().heartbeat()));
  }

  /** Creates the opener with its own windows and heartbeat. */
  public MuxStreams(HubConnection hub, MuxOptions options) {
    this.hub = Objects.requireNonNull(hub, "hub");
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Connects now (the first {@link #open} would), so that the first stream costs no handshake. */
  public void connect() {
    session();
  }

  @Override
  public TunnelStream open(StreamTarget target) {
    DeviceIds.validate(target.deviceId());
    StreamNames.validate(target.serviceName());
    long connect = target.timeouts().connect().map(d -> d.toSeconds()).orElse(0L);
    long response =
        target
            .timeouts()
            .response()
            .map(d -> d.toSeconds())
            .orElse(OpenRequest.DEFAULT_RESPONSE_TIMEOUT_SECONDS);
    OpenRequest request =
        new OpenRequest(
            target.deviceId(), target.serviceName(), options.streamWindow(), connect, response);
    MuxSession current = session();
    try {
      return current.open(request);
    } catch (StreamRefusedException e) {
      throw refusal(target, e.refusal());
    } catch (IOException e) {
      throw new StreamOpenException("stream to " + target + " failed: " + e.getMessage(), e);
    }
  }

  /** Returns whether the connection is open now. */
  public synchronized boolean isConnected() {
    return session != null && session.isOpen();
  }

  @Override
  public synchronized void close() {
    if (session != null) {
      session.close(CloseCodes.GOING_AWAY, "client closing");
      session = null;
    }
  }

  private synchronized MuxSession session() {
    if (session == null || !session.isOpen()) {
      try {
        session =
            MuxSession.connect(hub.endpoint(), MuxFrames.SERVICE_PATH, hub.token(), options, null);
      } catch (HandshakeRefusedException e) {
        throw new HubException(
            e.status(),
            OptionalInt.empty(),
            "the hub refused the v2 connection: " + e.getMessage());
      } catch (IOException e) {
        throw TransportErrors.classify(e, hub.baseUri(), hub.options());
      }
    }
    return session;
  }

  private static RuntimeException refusal(StreamTarget target, Refusal refusal) {
    int code = refusal.errorCode();
    if (code == ErrorCode.DEVICE_NOT_FOUND.code()) {
      return new DeviceNotFoundException(target.deviceId());
    }
    if (code == ErrorCode.STREAM_REJECTED.code()) {
      String prefix = "the device refused the stream: ";
      String reason =
          refusal.message().startsWith(prefix)
              ? refusal.message().substring(prefix.length())
              : refusal.message();
      return new StreamRejectedException(target.deviceId(), target.serviceName(), reason);
    }
    int status = ErrorCode.fromCode(code).map(ErrorCode::httpStatus).orElse(code / 1000);
    return new HubException(status, OptionalInt.of(code), refusal.message());
  }
}
