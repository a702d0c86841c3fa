package io.devstreams.bench;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.tunnel.StreamChannel;
import io.devstreams.protocol.tunnel.StreamResult;
import io.devstreams.service.ClientOptions;
import io.devstreams.service.HubConnection;
import io.devstreams.service.ServiceClient;
import io.devstreams.service.StreamGrant;
import io.devstreams.service.StreamTimeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stream set-up with the service library in this process: {@code createStream} (the stream request,
 * answered once the device accepted), {@code openStream} (the WebSocket handshake) and the first
 * echoed byte, each timed, with no local proxy in between.
 */
final class InProcess implements AutoCloseable {

  /** One stream's set-up, in nanoseconds from the start: granted, opened, first byte back. */
  record Setup(long granted, long opened, long firstByte) {}

  private final ServiceClient client;
  private final String deviceId;
  private final String service;

  InProcess(String connectionString, Path trustCert, String deviceId, String service) {
    HubConnection hub =
        HubConnection.open(
            ConnectionString.parse(connectionString),
            ClientOptions.defaults().withTrustCertificate(trustCert));
    this.client = new ServiceClient(hub);
    this.deviceId = deviceId;
    this.service = service;
  }

  /** Sets up one stream to the echo service, sends one byte, and ends the stream cleanly. */
  Setup once() throws IOException, InterruptedException {
    long start = System.nanoTime();
    StreamGrant grant = client.createStream(deviceId, service, StreamTimeouts.HUB_DEFAULTS);
    long granted = System.nanoTime() - start;
    StreamChannel channel = client.openStream(grant);
    long opened = System.nanoTime() - start;
    CountDownLatch echoed = new CountDownLatch(1);
    long[] firstByte = {0};
    InputStream in =
        new InputStream() {
          private boolean sent;

          @Override
          public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (!sent) {
              sent = true;
              b[off] = 0x2a;
              return 1;
            }
            try {
              echoed.await(); // then end of input: the stream's fin
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new InterruptedIOException();
            }
            return -1;
          }
        };
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) {
            arrived();
          }

          @Override
          public void write(byte[] b, int off, int len) {
            if (len > 0) {
              arrived();
            }
          }

          private void arrived() {
            if (echoed.getCount() > 0) {
              firstByte[0] = System.nanoTime() - start;
              echoed.countDown();
            }
          }
        };
    StreamResult result;
    try {
      var ending = channel.bridge(in, out, () -> {});
      if (!echoed.await(Latency.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
        channel.close(1000, "no echo");
        throw new IOException("no echo within " + Latency.TIMEOUT_MILLIS + " ms");
      }
      result = ending.get(Latency.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("stream did not end: " + e, e);
    }
    if (!result.isNormal()) {
      throw new IOException("stream ended: " + result.describe());
    }
    return new Setup(granted, opened, firstByte[0]);
  }

  @Override
  public void close() {
    // HubConnection holds only daemon threads and pooled connections
  }
}
