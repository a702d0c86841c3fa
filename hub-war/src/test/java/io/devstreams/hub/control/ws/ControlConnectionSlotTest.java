package io.devstreams.hub.control.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.hub.control.ControlChannel;
import io.devstreams.hub.control.ControlConnections;
import io.devstreams.hub.control.DeviceChannels;
import io.devstreams.hub.control.DevicePresence;
import io.devstreams.hub.settings.ControlSettings;
import io.devstreams.hub.streams.MutableClock;
import io.devstreams.protocol.CloseCodes;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a control channel ends gives its address's slot back exactly once: the real gate,
 * endpoint and channel registry, with the servlet request and the WebSocket session played by the
 * test (the session calls {@code onClose} when the hub closes it, as Tyrus does).
 */
class ControlConnectionSlotTest {
  private static final String ADDRESS = "192.0.2.10";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final ControlConnections connections = new ControlConnections(2, clock);
  private final DeviceChannels channels =
      new DeviceChannels(
          clock,
          new ControlSettings(
              Duration.ofSeconds(20),
              Duration.ofSeconds(60),
              Duration.ZERO,
              Duration.ofSeconds(300),
              Duration.ofSeconds(30),
              Duration.ofSeconds(300),
              Duration.ofSeconds(30)));
  private final ControlConnectionGate gate = new ControlConnectionGate();

  ControlConnectionSlotTest() {
    gate.connections = connections;
  }

  @AfterEach
  void nothingIsLeftBehind() {
    assertThat(connections.sweep()).as("slots only the sweep gave back").isZero();
    assertThat(connections.total()).as("slots still held").isZero();
  }

  @Test
  void aChannelTheDeviceClosesGivesItsSlotBack() {
    Channel c = connect("dev1");
    assertThat(connections.count(ADDRESS)).isEqualTo(1);

    c.endpoint.onClose(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "bye"));

    assertThat(connections.count(ADDRESS)).isZero();
  }

  @Test
  void aChannelEndedByAnErrorWithoutACloseGivesItsSlotBack() {
    Channel c = connect("dev1");

    c.session.open = false;
    c.endpoint.onError(new IOException("connection reset"));

    assertThat(connections.count(ADDRESS)).isZero();
  }

  @Test
  void anErrorThenACloseGiveTheSlotBackOnce() {
    Channel c = connect("dev1");
    Channel other = connect("dev2");

    c.session.open = false;
    c.endpoint.onError(new IOException("connection reset"));
    c.endpoint.onClose(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "reset"));

    assertThat(connections.count(ADDRESS)).as("dev2 still counted").isEqualTo(1);
    other.endpoint.close(CloseCodes.NORMAL, "test over");
  }

  @Test
  void anErrorOnAnOpenChannelKeepsItsSlot() {
    Channel c = connect("dev1");

    c.endpoint.onError(new IllegalStateException("a handler failed"));

    assertThat(connections.count(ADDRESS)).isEqualTo(1);
    c.endpoint.close(CloseCodes.NORMAL, "test over");
  }

  @Test
  void aChannelReplacedByTheDevicesNewerOneGivesItsSlotBack() {
    Channel older = connect("dev1");

    Channel newer = connect("dev1");

    assertThat(older.session.closeCode).isEqualTo(CloseCodes.REPLACED);
    assertThat(connections.count(ADDRESS)).isEqualTo(1);
    assertThat(channels.find("dev1")).containsSame(newer.endpoint);
    newer.endpoint.close(CloseCodes.NORMAL, "test over");
  }

  @Test
  void aSilentChannelClosedByTheHeartbeatGivesItsSlotBack() {
    Channel c = connect("dev1");

    clock.advance(Duration.ofSeconds(61));
    channels.heartbeat();

    assertThat(c.session.closeCode).isEqualTo(CloseCodes.HEARTBEAT_TIMEOUT);
    assertThat(connections.count(ADDRESS)).isZero();
  }

  @Test
  void hubShutdownGivesEverySlotBack() {
    connect("dev1");
    connect("dev2");

    channels.closeAll(CloseCodes.GOING_AWAY, "hub is shutting down");

    assertThat(connections.count(ADDRESS)).isZero();
  }

  @Test
  void anUpgradeRefusedAfterTheGateGivesItsSlotBack() throws IOException {
    for (int status : new int[] {401, 400, 404}) {
      FakeResponse res = new FakeResponse();
      ControlConnectionGate.Entry entry = gate.enter(request(), res.proxy()).orElseThrow();
      assertThat(connections.count(ADDRESS)).isEqualTo(1);

      res.status = status;
      entry.exit(res.proxy(), true);

      assertThat(connections.count(ADDRESS)).as("after a %d", status).isZero();
    }
  }

  @Test
  void anUpgradeThatFailedAfterItsSwitchingProtocolsWasSetGivesItsSlotBack() throws IOException {
    FakeResponse res = new FakeResponse();
    ControlConnectionGate.Entry entry = gate.enter(request(), res.proxy()).orElseThrow();
    res.status = 101;

    entry.exit(res.proxy(), false); // the container failed to send the 101: no channel opens

    assertThat(connections.count(ADDRESS)).isZero();
  }

  @Test
  void anUpgradeOverTheLimitGets429ProblemWithRetryAfterAndTakesNoSlot() throws IOException {
    Channel first = connect("dev1");
    Channel second = connect("dev2");
    FakeResponse res = new FakeResponse();

    Optional<ControlConnectionGate.Entry> entry = gate.enter(request(), res.proxy());

    assertThat(entry).isEmpty();
    assertThat(res.status).isEqualTo(429);
    assertThat(res.headers)
        .containsEntry("Content-Type", "application/problem+json")
        .containsEntry("iothub-errorcode", "429001")
        .containsEntry("Retry-After", "10");
    assertThat(res.body.toString(StandardCharsets.UTF_8))
        .contains(
            "\"detail\":\"too many control connections from 192.0.2.10"
                + " (limit 2, setting devstreams.control.max-per-address)\"",
            "\"errorCode\":429001");
    assertThat(connections.count(ADDRESS)).isEqualTo(2);
    first.endpoint.close(CloseCodes.NORMAL, "test over");
    second.endpoint.close(CloseCodes.NORMAL, "test over");
  }

  @Test
  void anUpgradeThatNeverOpensAChannelIsGivenBackByTheSweep() throws IOException {
    FakeResponse res = new FakeResponse();
    ControlConnectionGate.Entry entry = gate.enter(request(), res.proxy()).orElseThrow();
    res.status = 101;
    entry.exit(res.proxy(), true);
    assertThat(connections.count(ADDRESS)).isEqualTo(1);

    clock.advance(ControlConnections.UPGRADE_DEADLINE.plusSeconds(1));

    assertThat(connections.sweep()).isEqualTo(1);
    assertThat(connections.count(ADDRESS)).isZero();
  }

  @Test
  void aChannelWhoseSlotWasSweptClosesItselfAndStaysOffline() throws IOException {
    FakeResponse res = new FakeResponse();
    ControlConnectionGate.Entry entry = gate.enter(request(), res.proxy()).orElseThrow();
    res.status = 101;
    entry.exit(res.proxy(), true);
    clock.advance(ControlConnections.UPGRADE_DEADLINE.plusSeconds(1));
    connections.sweep();

    Channel late = open(entry, "dev1");

    assertThat(late.session.closeCode).isEqualTo(CloseCodes.HUB_ERROR);
    assertThat(channels.find("dev1")).isEmpty();
    assertThat(connections.count(ADDRESS)).isZero();
  }

  // ---- the container, played by the test ------------------------------------------------------

  /** An upgrade through the gate that Tyrus accepts (101), and the channel it opens. */
  private Channel connect(String deviceId) {
    try {
      FakeResponse res = new FakeResponse();
      ControlConnectionGate.Entry entry = gate.enter(request(), res.proxy()).orElseThrow();
      res.status = 101;
      entry.exit(res.proxy(), true);
      return open(entry, deviceId);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private Channel open(ControlConnectionGate.Entry entry, String deviceId) {
    ControlEndpoint endpoint =
        new ControlEndpoint(new RegistryFreePresence(channels), channels, null);
    FakeSession session = new FakeSession(endpoint, entry.request().getUserPrincipal());
    endpoint.onOpen(session.proxy(), deviceId);
    return new Channel(endpoint, session);
  }

  private record Channel(ControlEndpoint endpoint, FakeSession session) {}

  private static HttpServletRequest request() {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            ControlConnectionSlotTest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getRemoteAddr" -> ADDRESS;
                  case "toString" -> "request from " + ADDRESS;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  /** Presence without the registry: only the channel table, which is what the slots follow. */
  private static final class RegistryFreePresence extends DevicePresence {
    private final DeviceChannels table;

    RegistryFreePresence(DeviceChannels table) {
      this.table = table;
    }

    @Override
    public void opened(ControlChannel channel) {
      table.register(channel);
    }

    @Override
    public void closed(ControlChannel channel) {
      table.unregister(channel);
    }
  }

  /** A WebSocket session that, like Tyrus, calls the endpoint's onClose when closed locally. */
  private static final class FakeSession {
    private final ControlEndpoint endpoint;
    private final java.security.Principal principal;
    boolean open = true;
    Integer closeCode;

    FakeSession(ControlEndpoint endpoint, java.security.Principal principal) {
      this.endpoint = endpoint;
      this.principal = principal;
    }

    Session proxy() {
      return (Session)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Session.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "getUserPrincipal" -> principal;
                    case "isOpen" -> open;
                    case "setMaxIdleTimeout", "setMaxTextMessageBufferSize" -> null;
                    case "getAsyncRemote" -> asyncRemote();
                    case "close" -> {
                      close((CloseReason) args[0]);
                      yield null;
                    }
                    case "toString" -> "session";
                    default -> throw new UnsupportedOperationException(method.getName());
                  });
    }

    private void close(CloseReason reason) {
      if (!open) {
        throw new IllegalStateException("already closed");
      }
      open = false;
      closeCode = reason.getCloseCode().getCode();
      endpoint.onClose(reason);
    }

    private static RemoteEndpoint.Async asyncRemote() {
      return (RemoteEndpoint.Async)
          Proxy.newProxyInstance(
              FakeSession.class.getClassLoader(),
              new Class<?>[] {RemoteEndpoint.Async.class},
              (proxy, method, args) -> null);
    }
  }

  /** A servlet response that records status, headers and body. */
  private static final class FakeResponse {
    int status = 200;
    final Map<String, String> headers = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();

    HttpServletResponse proxy() {
      return (HttpServletResponse)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {HttpServletResponse.class},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "getStatus" -> status;
                    case "setStatus" -> {
                      status = (Integer) args[0];
                      yield null;
                    }
                    case "setHeader" -> {
                      headers.put((String) args[0], (String) args[1]);
                      yield null;
                    }
                    case "setContentType" -> {
                      headers.put("Content-Type", (String) args[0]);
                      yield null;
                    }
                    case "setContentLength" -> null;
                    case "getOutputStream" -> output();
                    default -> throw new UnsupportedOperationException(method.getName());
                  });
    }

    private ServletOutputStream output() {
      return new ServletOutputStream() {
        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void write(int b) {
          body.write(b);
        }
      };
    }
  }
}
