package io.devstreams.examples;

import io.devstreams.device.AcceptedStream;
import io.devstreams.device.DeviceClient;
import io.devstreams.device.DeviceClientOptions;
import io.devstreams.device.StreamDecision;
import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.StreamRequest;
import io.devstreams.protocol.tunnel.HubEndpoint;
import io.devstreams.protocol.tunnel.HubTls;
import io.devstreams.protocol.tunnel.StreamConnection;
import io.devstreams.protocol.tunnel.TunnelStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A device serves streams from Java code, with no local TCP service behind it: streams named
 * {@value #SERVICE} get every byte they send back upper-cased (ASCII); any other name is rejected
 * with a reason the service's user reads.
 *
 * <p>Run: {@code java io.devstreams.examples.ServeStream} with {@code
 * DEVSTREAMS_DEVICE_CONNECTION_STRING} (the device's, as {@code bin/devstreams device create}
 * prints it) and, for a hub with a self-signed certificate, {@code DEVSTREAMS_TRUST_CERT} in the
 * environment. It stays connected, reconnecting as needed, until it is stopped.
 */
public final class ServeStream {

  /** The one stream name this device serves. */
  public static final String SERVICE = "upper";

  private ServeStream() {}

  /** Connects the device and serves until the process is stopped. */
  public static void main(String[] args) {
    String trust = System.getenv("DEVSTREAMS_TRUST_CERT");
    try (DeviceClient device =
        start(
            System.getenv("DEVSTREAMS_DEVICE_CONNECTION_STRING"),
            trust == null ? null : Path.of(trust))) {
      System.out.println("serving '" + SERVICE + "' streams; stopped: " + device.stopped().join());
    }
  }

  /**
   * Starts the device's connection to its hub (in the background; it reconnects by itself) and
   * returns it; close it to disconnect.
   */
  public static DeviceClient start(String deviceConnectionString, Path trustCert) {
    ConnectionString device = ConnectionString.parse(deviceConnectionString);
    HubEndpoint hub =
        HubEndpoint.of(device.hostName()).withSslContext(HubTls.sslContext(trustCert));
    DeviceClient client =
        new DeviceClient(device, hub, DeviceClientOptions.defaults(), ServeStream::decide, null);
    client.start();
    return client;
  }

  /** Accepts {@value #SERVICE} streams and rejects every other name. */
  static StreamDecision decide(StreamRequest request) {
    if (!SERVICE.equals(request.name())) {
      return StreamDecision.reject("this device serves only '" + SERVICE + "'");
    }
    return StreamDecision.accept(
        new AcceptedStream() {
          @Override
          public void opened(TunnelStream channel) {
            StreamConnection stream = channel.connect();
            new Thread(() -> serve(stream), "upper-" + channel.id()).start();
          }

          @Override
          public void failed(Throwable error) {
            System.err.println("an accepted stream could not be opened: " + error);
          }
        });
  }

  /** Sends back every byte upper-cased until the service half-closes, then half-closes too. */
  private static void serve(StreamConnection stream) {
    try (stream) {
      InputStream in = stream.input();
      try (OutputStream out = stream.output()) {
        byte[] buffer = new byte[16 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
          for (int i = 0; i < n; i++) {
            if (buffer[i] >= 'a' && buffer[i] <= 'z') {
              buffer[i] -= 'a' - 'A';
            }
          }
          out.write(buffer, 0, n);
        }
      }
      stream.result().get(30, TimeUnit.SECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      System.err.println("stream failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
