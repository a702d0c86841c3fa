package io.devstreams.hub.it;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devstreams.hub.control.DeviceChannels;
import io.devstreams.hub.control.DevicePresence;
import io.devstreams.hub.control.StreamInitiation;
import io.devstreams.hub.control.StreamOutcome;
import io.devstreams.hub.errors.HubException;
import io.devstreams.hub.registry.AuthType;
import io.devstreams.hub.registry.ConnectionState;
import io.devstreams.hub.registry.DeviceRegistry;
import io.devstreams.hub.registry.DeviceSpec;
import io.devstreams.hub.registry.DeviceStatus;
import io.devstreams.hub.registry.IfMatch;
import io.devstreams.hub.settings.HubSettings;
import io.devstreams.protocol.ControlMessages;
import io.devstreams.protocol.ErrorCode;
import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.StreamResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Stream initiation through the real control-plane beans inside Payara, with a recording channel
 * standing in for the device's WebSocket: the request the device sees, its answer, and what a lost
 * channel does to pending requests and to the registry.
 */
@ExtendWith(ArquillianExtension.class)
public class ControlPlaneInServerIT {

  private static final String SERVICE = "ssh";
  private static final String REQUESTER = "iothubowner";
  private static final Duration NO_WAIT = Duration.ZERO;
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

  @Inject DeviceRegistry registry;
  @Inject DeviceChannels channels;
  @Inject DevicePresence presence;
  @Inject StreamInitiation initiation;
  @Inject HubSettings settings;

  /** The built hub with this test and its fake channel added. */
  @Deployment
  public static WebArchive deployment() {
    return HubDeployment.withTestClasses(
        ControlPlaneInServerIT.class, RecordingControlChannel.class);
  }

  @Test
  void streamRequestReachesTheDeviceWithUrlUnderThePublicHostAndAToken() throws Exception {
    RecordingControlChannel device = connectedDevice("request");

    initiation.initiate(REQUESTER, device.deviceId(), SERVICE, NO_WAIT, ANSWER_WITHIN);
    String json = device.nextSent();
    StreamRequest request = (StreamRequest) ControlMessages.decode(json);

    assertThat(json).contains("\"type\":\"streamRequest\"");
    assertThat(request.name()).isEqualTo(SERVICE);
    assertThat(request.url()).matches("wss://\\Q" + settings.publicHost() + "\\E/streams/[^/]+");
    assertThat(request.authorizationToken()).isNotBlank();
    presence.closed(device);
  }

  @Test
  void acceptedAnswerCompletesTheRequestWithUrlAndServiceToken() throws Exception {
    RecordingControlChannel device = connectedDevice("accept");
    CompletableFuture<StreamOutcome> outcome =
        initiation.initiate(REQUESTER, device.deviceId(), SERVICE, NO_WAIT, ANSWER_WITHIN);
    StreamRequest request = (StreamRequest) ControlMessages.decode(device.nextSent());

    initiation.onResponse(device.deviceId(), new StreamResponse(request.requestId(), true, null));

    StreamOutcome accepted = outcome.get(5, SECONDS);
    assertThat(accepted.accepted()).isTrue();
    assertThat(accepted.url()).isEqualTo(request.url());
    assertThat(accepted.serviceToken()).isNotBlank().isNotEqualTo(request.authorizationToken());
    presence.closed(device);
  }

  @Test
  void answerFromAnotherDeviceIsIgnored() throws Exception {
    RecordingControlChannel device = connectedDevice("asked");
    RecordingControlChannel other = connectedDevice("impostor");
    CompletableFuture<StreamOutcome> outcome =
        initiation.initiate(REQUESTER, device.deviceId(), SERVICE, NO_WAIT, ANSWER_WITHIN);
    StreamRequest request = (StreamRequest) ControlMessages.decode(device.nextSent());

    initiation.onResponse(other.deviceId(), new StreamResponse(request.requestId(), true, null));

    assertThat(outcome).isNotDone();
    initiation.onResponse(device.deviceId(), new StreamResponse(request.requestId(), false, "no"));
    assertThat(outcome.get(5, SECONDS).accepted()).isFalse();
    presence.closed(device);
    presence.closed(other);
  }

  @Test
  void closingTheChannelFailsPendingRequestAtOnceAndMarksDeviceDisconnected() throws Exception {
    RecordingControlChannel device = connectedDevice("vanish");
    CompletableFuture<StreamOutcome> outcome =
        initiation.initiate(REQUESTER, device.deviceId(), SERVICE, NO_WAIT, ANSWER_WITHIN);
    device.nextSent();

    presence.closed(device);

    assertThat(outcome).isCompletedExceptionally();
    assertThatThrownBy(() -> outcome.get(1, SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            HubException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DEVICE_NOT_ONLINE));
    assertThat(ErrorCode.DEVICE_NOT_ONLINE.code()).isEqualTo(404103);
    assertThat(registry.get(device.deviceId()).connectionState())
        .isEqualTo(ConnectionState.DISCONNECTED);
    assertThat(channels.find(device.deviceId())).isEmpty();
  }

  /**
   * The device's status is kept in memory for stream requests: disabling, enabling and deleting it
   * in the registry reach the next request at once.
   */
  @Test
  void aChangedDeviceIsSeenByTheNextStreamRequest() throws Exception {
    RecordingControlChannel device = connectedDevice("changes");
    String id = device.deviceId();
    initiation.initiate(REQUESTER, id, SERVICE, NO_WAIT, ANSWER_WITHIN);
    device.nextSent();

    registry.update(
        new DeviceSpec(id, DeviceStatus.DISABLED, "stolen", AuthType.SAS, null, null), IfMatch.ANY);
    assertThatThrownBy(() -> initiation.initiate(REQUESTER, id, SERVICE, NO_WAIT, ANSWER_WITHIN))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> assertThat(e.getMessage()).isEqualTo("device '" + id + "' is disabled"));

    registry.update(
        new DeviceSpec(id, DeviceStatus.ENABLED, null, AuthType.SAS, null, null), IfMatch.ANY);
    initiation.initiate(REQUESTER, id, SERVICE, NO_WAIT, ANSWER_WITHIN);
    assertThat(device.nextSent()).contains("\"type\":\"streamRequest\"");

    registry.delete(id, IfMatch.ANY);
    assertThatThrownBy(() -> initiation.initiate(REQUESTER, id, SERVICE, NO_WAIT, ANSWER_WITHIN))
        .isInstanceOfSatisfying(
            HubException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DEVICE_NOT_FOUND));
    presence.closed(device);
  }

  /** Creates a device and opens a recording channel for it, as the control endpoint would. */
  private RecordingControlChannel connectedDevice(String prefix) {
    String id = prefix + "-" + UUID.randomUUID();
    registry.create(new DeviceSpec(id, DeviceStatus.ENABLED, null, AuthType.SAS, null, null));
    RecordingControlChannel channel = new RecordingControlChannel(id);
    presence.opened(channel);
    assertThat(registry.get(id).connectionState()).isEqualTo(ConnectionState.CONNECTED);
    return channel;
  }
}
