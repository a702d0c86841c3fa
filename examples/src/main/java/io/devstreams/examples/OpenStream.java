package io.devstreams.examples;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.tunnel.StreamConnection;
import io.devstreams.service.ClientOptions;
import io.devstreams.service.HubConnection;
import io.devstreams.service.ServiceClient;
import io.devstreams.service.StreamGrant;
import io.devstreams.service.StreamTimeouts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A Java service opens a stream to a device's service and uses it like a socket: it writes a
 * request, half-closes, and reads the device's answer to the end.
 *
 * <p>Run: {@code java io.devstreams.examples.OpenStream DEVICE_ID SERVICE MESSAGE} with {@code
 * DEVSTREAMS_CONNECTION_STRING} (a policy with the ServiceConnect right, such as the hub's {@code
 * service.connection-string}) and, for a hub with a self-signed certificate, {@code
 * DEVSTREAMS_TRUST_CERT} (its {@code hub-cert.pem}) in the environment.
 */
public final class OpenStream {

  private OpenStream() {}

  /** Sends the message to the device's service and prints the answer. */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: OpenStream DEVICE_ID SERVICE MESSAGE");
      System.exit(2);
    }
    String trust = System.getenv("DEVSTREAMS_TRUST_CERT");
    ServiceClient client =
        connect(
            System.getenv("DEVSTREAMS_CONNECTION_STRING"), trust == null ? null : Path.of(trust));
    byte[] answer = exchange(client, args[0], args[1], args[2].getBytes(StandardCharsets.UTF_8));
    System.out.println(new String(answer, StandardCharsets.UTF_8));
  }

  /**
   * Returns a client of the hub named in the connection string, trusting the certificates in {@code
   * trustCert} (null: the JDK's default authorities).
   */
  public static ServiceClient connect(String connectionString, Path trustCert) {
    ClientOptions options = ClientOptions.defaults();
    if (trustCert != null) {
      options = options.withTrustCertificate(trustCert);
    }
    return new ServiceClient(HubConnection.open(ConnectionString.parse(connectionString), options));
  }

  /**
   * Opens a stream to {@code service} on the device, sends {@code request}, half-closes the stream
   * and returns everything the device sent back until it closed its side.
   */
  public static byte[] exchange(
      ServiceClient client, String deviceId, String service, byte[] request) throws IOException {
    StreamGrant grant = client.createStream(deviceId, service, StreamTimeouts.HUB_DEFAULTS);
    try (StreamConnection stream = client.openStream(grant).connect()) {
      // Write on another thread while this one reads: both directions are flow-controlled, so a
      // large request could otherwise wait for an answer nobody reads.
      CompletableFuture<Void> sent =
          CompletableFuture.runAsync(
              () -> {
                try (OutputStream out = stream.output()) {
                  out.write(request);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      byte[] answer = stream.input().readAllBytes();
      sent.join();
      return answer;
    }
  }
}
