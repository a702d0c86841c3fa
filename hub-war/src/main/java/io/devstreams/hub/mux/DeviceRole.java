package io.devstreams.hub.mux;

import io.devstreams.hub.control.ControlChannel;
import io.devstreams.hub.control.ControlConnections.Admission;
import io.devstreams.hub.control.DeviceChannels;
import io.devstreams.hub.control.DevicePresence;
import io.devstreams.hub.control.StreamInitiation;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.streams.Side;
import io.devstreams.hub.streams.StreamTicket;
import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.ErrorCode;
import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.StreamResponse;
import io.devstreams.protocol.mux.Acceptance;
import io.devstreams.protocol.mux.FrameType;
import io.devstreams.protocol.mux.Refusal;
import io.devstreams.protocol.mux.StreamOffer;
import java.lang.System.Logger.Level;

/**
 * A device's v2 connection: its control channel (presence, replacement, heartbeat) and the carrier
 * of its streams. A stream request becomes an {@code OPEN}; the device's {@code ACCEPT} joins the
 * stream as the device side at once, with no second connection.
 */
final class DeviceRole implements MuxRole, ControlChannel {

  private static final System.Logger LOG = System.getLogger(DeviceRole.class.getName());
  private static final long SEEN_EVERY_NANOS = 1_000_000_000L;

  private final String deviceId;
  private final DevicePresence presence;
  private final DeviceChannels channels;
  private final StreamInitiation initiation;
  private final Admission admission;
  private volatile MuxConnection connection;
  private long lastSeen;

  DeviceRole(
      String deviceId,
      DevicePresence presence,
      DeviceChannels channels,
      StreamInitiation initiation,
      Admission admission) {
    this.deviceId = deviceId;
    this.presence = presence;
    this.channels = channels;
    this.initiation = initiation;
    this.admission = admission;
  }

  @Override
  public Side side() {
    return Side.DEVICE;
  }

  @Override
  public String label() {
    return "device '" + deviceId + "'";
  }

  @Override
  public void started(MuxConnection c) {
    connection = c;
    if (!admission.open()) {
      LOG.log(Level.WARNING, "device {0}: v2 connection without a connection slot", deviceId);
      c.close(CloseCodes.HUB_ERROR, "connection slot lost during the upgrade: reconnect");
      return;
    }
    presence.opened(this);
    LOG.log(Level.INFO, "device {0}: v2 connection open", deviceId);
  }

  @Override
  public void heard(MuxConnection c) {
    long now = System.nanoTime();
    if (now - lastSeen > SEEN_EVERY_NANOS) {
      lastSeen = now;
      channels.seen(this);
    }
  }

  @Override
  public void open(MuxConnection c, SubStream stream, byte[] payload, int offset, int length) {
    c.openSettled();
    c.send(
        FrameType.REFUSE,
        stream.id,
        new Refusal(ErrorCode.FORBIDDEN.code(), "devices cannot open streams", 0).toJson());
    c.forget(stream);
  }

  @Override
  public void answered(
      MuxConnection c, SubStream stream, boolean accepted, byte[] payload, int offset, int length) {
    Pending pending = (Pending) stream.answer;
    if (!accepted) {
      String message;
      try {
        message = Refusal.parse(payload, offset, length).message();
      } catch (IllegalArgumentException e) {
        message = "the device refused the stream";
      }
      c.forget(stream);
      initiation.onResponse(deviceId, new StreamResponse(pending.requestId, false, message));
      return;
    }
    try {
      stream.sendWindow = Acceptance.parse(payload, offset, length).window();
      c.broker().authorize(pending.ticket.streamId(), pending.ticket.deviceToken());
    } catch (IllegalArgumentException | HubException e) {
      c.endStream(stream, CloseCodes.STREAM_PROTOCOL_ERROR, e.getMessage(), true);
      initiation.onResponse(
          deviceId, new StreamResponse(pending.requestId, false, "bad ACCEPT: " + e.getMessage()));
      return;
    }
    c.join(stream, pending.ticket.streamId());
    initiation.onResponse(deviceId, new StreamResponse(pending.requestId, true, null));
  }

  @Override
  public void ended(MuxConnection c) {
    admission.release();
    presence.closed(this);
    LOG.log(Level.INFO, "device {0}: v2 connection closed", deviceId);
  }

  // As the device's control channel.

  @Override
  public String deviceId() {
    return deviceId;
  }

  @Override
  public void requestStream(StreamRequest request, StreamTicket ticket) {
    MuxConnection c = connection;
    c.run(
        () -> {
          SubStream stream =
              c.offer(
                  new StreamOffer(request.name(), ticket.streamId(), c.settings().streamWindow())
                      .toJson());
          stream.answer = new Pending(request.requestId(), ticket);
        });
  }

  @Override
  public void ping() {
    connection.ping();
  }

  @Override
  public void close(int code, String reason) {
    connection.close(code, reason);
  }

  /** The request an offered stream answers. */
  private record Pending(String requestId, StreamTicket ticket) {}
}
