package io.devstreams.hub.control.ws;

import io.devstreams.hub.control.ControlChannel;
import io.devstreams.hub.control.ControlConnections.Admission;
import io.devstreams.hub.control.DeviceChannels;
import io.devstreams.hub.control.DevicePresence;
import io.devstreams.hub.control.StreamInitiation;
import io.devstreams.hub.streams.StreamTicket;
import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.ControlMessage;
import io.devstreams.protocol.ControlMessages;
import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.StreamResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * One device's control connection, {@code wss://HOST/devices/{id}/streams}. The device was
 * authenticated by {@link ControlAuthFilter} before the upgrade, for exactly this path, and the
 * connection holds a slot of its remote address ({@link ControlConnectionGate}), which it gives
 * back when it closes, however that happens. {@link ControlEndpointConfigurator} creates it with
 * the control services.
 */
@ServerEndpoint(
    value = "/devices/{deviceId}/streams",
    configurator = ControlEndpointConfigurator.class)
public class ControlEndpoint implements ControlChannel {
  private static final System.Logger LOG = System.getLogger(ControlEndpoint.class.getName());

  private final DevicePresence presence;
  private final DeviceChannels channels;
  private final StreamInitiation initiation;

  private Session session;
  private String deviceId;
  private Admission admission;

  ControlEndpoint(DevicePresence presence, DeviceChannels channels, StreamInitiation initiation) {
    this.presence = presence;
    this.channels = channels;
    this.initiation = initiation;
  }

  @OnOpen
  public void onOpen(Session session, @PathParam("deviceId") String deviceId) {
    this.session = session;
    this.deviceId = deviceId;
    admission = ControlConnectionGate.admissionOf(session.getUserPrincipal());
    if (admission == null || !admission.open()) {
      LOG.log(Level.WARNING, "device {0}: control channel without a connection slot", deviceId);
      close(CloseCodes.HUB_ERROR, "connection slot lost during the upgrade: reconnect");
      return;
    }
    session.setMaxIdleTimeout(0);
    session.setMaxTextMessageBufferSize(ControlMessages.MAX_LENGTH);
    presence.opened(this);
    LOG.log(Level.INFO, "device {0}: control channel open", deviceId);
  }

  @OnMessage
  public void onText(String text) {
    channels.seen(this);
    ControlMessage message;
    try {
      message = ControlMessages.decode(text);
    } catch (IllegalArgumentException e) {
      LOG.log(
          Level.INFO,
          "device {0}: malformed control message ignored: {1}",
          deviceId,
          e.getMessage());
      return;
    }
    if (message instanceof StreamResponse response) {
      initiation.onResponse(deviceId, response);
    } else {
      LOG.log(Level.INFO, "device {0}: unexpected control message ignored", deviceId);
    }
  }

  /**
   * Binary messages are no part of the control channel (JSON text only): the first fragment of one
   * closes the connection with 1003, so none is ever buffered.
   */
  @OnMessage
  public void onBinary(ByteBuffer data, boolean last) {
    LOG.log(Level.INFO, "device {0}: binary message on the control channel", deviceId);
    close(CloseReason.CloseCodes.CANNOT_ACCEPT.getCode(), "binary messages are not accepted");
  }

  @OnMessage
  public void onPong(PongMessage pong) {
    channels.seen(this);
  }

  @OnClose
  public void onClose(CloseReason reason) {
    if (admission != null) {
      admission.release();
    }
    presence.closed(this);
    LOG.log(
        Level.INFO,
        "device {0}: control channel closed ({1} {2})",
        deviceId,
        reason.getCloseCode().getCode(),
        reason.getReasonPhrase());
  }

  @OnError
  public void onError(Throwable error) {
    LOG.log(Level.INFO, "device {0}: control channel error: {1}", deviceId, error.toString());
    if (admission != null && session != null && !session.isOpen()) {
      admission.release(); // in case no close follows an error that ended the connection
    }
  }

  @Override
  public String deviceId() {
    return deviceId;
  }

  @Override
  public void requestStream(StreamRequest request, StreamTicket ticket) {
    send(ControlMessages.encode(request));
  }

  private void send(String json) {
    session
        .getAsyncRemote()
        .sendText(
            json,
            result -> {
              if (!result.isOK()) {
                close(1011, "send failed");
              }
            });
  }

  @Override
  public void ping() {
    try {
      session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
    } catch (IOException | IllegalStateException e) {
      close(1011, "ping failed");
    }
  }

  @Override
  public void close(int code, String reason) {
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason));
    } catch (IOException | IllegalStateException e) {
      LOG.log(Level.DEBUG, "device {0}: close failed: {1}", deviceId, e.toString());
    }
  }
}
