package io.devstreams.device;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.mux.MuxFrames;
import io.devstreams.protocol.mux.MuxOptions;
import io.devstreams.protocol.tunnel.DaemonThreadFactory;
import io.devstreams.protocol.tunnel.Heartbeat;
import io.devstreams.protocol.tunnel.HubEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;

/**
 * A device's connection to its hub: keeps its v2 connection {@code wss://HOST/v2/devices/{id}} (or,
 * with protocol 1, the control channel {@code wss://HOST/devices/{id}/streams}) open, reconnecting
 * forever with {@link Backoff} (a fresh SAS token each attempt), and serves each stream request
 * through a {@link StreamRequestHandler}.
 *
 * <p>Close 4004 (another connection for this device took over) stops the client with {@link
 * StopReason#REPLACED}; any other close or failure (4007 hub shutting down, 1001, network errors, a
 * refused handshake, a hub silent for three ping intervals) means reconnect. State changes run on
 * one timer thread; stream requests run on worker threads, many at once. All threads are daemons.
 */
public final class DeviceClient implements AutoCloseable {

  private static final long CLOSE_WAIT_SECONDS = 5;

  private final URI controlUri;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  private final ControlLoop loop;

  /**
   * Creates a client (not yet connected: see {@link #start()}).
   *
   * @param device the device's connection string
   * @param endpoint how to reach the hub (its host must be the connection string's)
   * @param options timeouts, backoff and heartbeat
   * @param handler decides on each stream request
   * @param listener receives state changes, or null
   * @throws IllegalArgumentException if the connection string is a policy's, not a device's
   */
  public DeviceClient(
      ConnectionString device,
      HubEndpoint endpoint,
      DeviceClientOptions options,
      StreamRequestHandler handler,
      ConnectionListener listener) {
    this(
        device,
        endpoint,
        options,
        handler,
        listener,
        Clock.systemUTC(),
        () -> ThreadLocalRandom.current().nextDouble());
  }

  DeviceClient(
      ConnectionString device,
      HubEndpoint endpoint,
      DeviceClientOptions options,
      StreamRequestHandler handler,
      ConnectionListener listener,
      Clock clock,
      DoubleSupplier random) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(handler, "handler");
    if (!device.isDevice()) {
      throw new IllegalArgumentException(
          "the connection string is a shared access policy's; a device needs"
              + " HostName=...;DeviceId=...;SharedAccessKey=... (or x509=true)");
    }
    String encodedId = PathSegment.encode(device.deviceId());
    controlUri =
        options.protocol() == 1
            ? endpoint.wssUri("/devices/" + encodedId + "/streams")
            : endpoint.wssUri(MuxFrames.DEVICE_PATH_PREFIX + encodedId);
    timer =
        Executors.newSingleThreadScheduledExecutor(
            new DaemonThreadFactory("devstreams-device-timer"));
    workers = Executors.newCachedThreadPool(new DaemonThreadFactory("devstreams-request"));
    HttpClient http =
        endpoint.newHttpClient(
            Executors.newCachedThreadPool(new DaemonThreadFactory("devstreams-http")));
    Backoff backoff =
        new Backoff(
            options.initialBackoff(), options.maxBackoff(), options.stableAfter(), random, clock);
    StreamRequests requests =
        new StreamRequests(
            handler,
            http,
            options.handshakeTimeout(),
            Heartbeat.of(options.pingInterval()),
            workers);
    HubLink.Factory links;
    if (options.protocol() == 1) {
      links =
          ended ->
              new ControlConnection(
                  new ControlConnection.Events() {
                    @Override
                    public void requested(ControlConnection connection, StreamRequest request) {
                      requests.serve(connection, request);
                    }

                    @Override
                    public void ended(ControlConnection connection) {
                      ended.accept(connection);
                    }
                  },
                  http,
                  controlUri,
                  options.handshakeTimeout());
    } else {
      MuxOptions mux =
          MuxOptions.DEFAULT
              .withHeartbeat(Heartbeat.of(options.pingInterval()))
              .withHandshakeTimeout(options.handshakeTimeout());
      String path = controlUri.getRawPath();
      links = ended -> new MuxLink(endpoint, path, mux, requests, ended, workers);
    }
    loop =
        new ControlLoop(
            new ControlLoop.Parts(
                device,
                links,
                options,
                backoff,
                listener == null ? new ConnectionListener() {} : listener,
                timer,
                clock));
  }

  /** Connects in the background; state changes go to the listener and the log. */
  public void start() {
    loop.start();
  }

  /** Returns the control channel's URL. */
  public URI controlUri() {
    return controlUri;
  }

  /** Returns whether the control channel is open now. */
  public boolean isConnected() {
    return loop.isConnected();
  }

  /** Returns a future that completes when the client stops for good. */
  public CompletableFuture<StopReason> stopped() {
    return loop.stopped();
  }

  /** Closes with 1000 and the reason "device client closing"; see {@link #close(String)}. */
  @Override
  public void close() {
    close("device client closing");
  }

  /**
   * Stops reconnecting and closes the control channel with 1000 and {@code reason}, waiting up to 5
   * s for the hub to answer, then releases the client's threads. Open streams are left alone: close
   * them first if they must end. Never call this from a {@link ConnectionListener} callback (it
   * waits for the thread that runs them).
   */
  public void close(String reason) {
    loop.close(reason);
    try {
      loop.stopped().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      loop.stopNow();
    }
    timer.shutdownNow();
    workers.shutdown();
  }
}
