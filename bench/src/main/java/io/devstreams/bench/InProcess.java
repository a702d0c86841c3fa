package io.devstreams.bench;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.tunnel.StreamChannel;
import io.devstreams.protocol.tunnel.StreamConnection;
import io.devstreams.protocol.tunnel.StreamResult;
import io.devstreams.protocol.tunnel.TunnelStream;
import io.devstreams.service.ClientOptions;
import io.devstreams.service.HubConnection;
import io.devstreams.service.MuxStreams;
import io.devstreams.service.ServiceClient;
import io.devstreams.service.StreamGrant;
import io.devstreams.service.StreamTarget;
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
 * Stream set-up with the service library in this process, with no local proxy in between. Protocol
 * v2 ({@link ServiceClient#multiplexed()}): {@code open} (one {@code OPEN} on the connection the
 * first stream opened, answered once the device accepted) and the first echoed byte. Protocol v1:
 * {@code createStream} (the stream request, answered once the device accepted), {@code openStream}
 * (the WebSocket handshake) and the first echoed byte. Each phase timed.
 */
final class InProcess implements AutoCloseable {

  /** One stream's set-up, in nanoseconds from the start: granted, opened, first byte back. */
  record Setup(long granted, long opened, long firstByte) {}

  private final ServiceClient client;
  private final MuxStreams mux;
  private final String deviceId;
  private final String service;

  InProcess(String connectionString, Path trustCert, String deviceId, String service) {
    HubConnection hub =
        HubConnection.open(
            ConnectionString.parse(connectionString),
            ClientOptions.defaults().withTrustCertificate(trustCert));
    this.client = new ServiceClient(hub);
    this.mux = client.multiplexed();
    this.deviceId = deviceId;
    this.service = service;
  }

  /**
   * Sets up one v2 stream to the echo service on the shared connection, sends one byte, and ends
   * the stream cleanly (half-close, then the echo's end); {@code granted} and {@code opened} are
   * both the {@code OPEN}'s answer.
   */
  Setup onceV2() throws IOException {
    long start = System.nanoTime();
    TunnelStream stream =
        mux.open(new StreamTarget(deviceId, service, StreamTimeouts.HUB_DEFAULTS));
    long opened = System.nanoTime() - start;
    long firstByte;
    try (StreamConnection connection = stream.connect()) {
      connection.output().write(0x2a);
      connection.output().flush();
      int b = connection.input().read();
      firstByte = System.nanoTime() - start;
      if (b != 0x2a) {
        throw new IOException(b < 0 ? "the stream ended before the echo" : "wrong byte echoed");
      }
      connection.output().close();
      while (connection.input().read() >= 0) {
        // until the echo's end has crossed back
      }
      StreamResult result = connection.result().get(Latency.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      if (!result.isNormal()) {
        throw new IOException("stream ended: " + result.describe());
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("stream did not end: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while ending a stream");
    }
    return new Setup(opened, opened, firstByte);
  }

  /** Sets up one v1 stream to the echo service, sends one byte, and ends the stream cleanly. */
  Setup onceV1() throws IOException, InterruptedException {
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

  /** Closes the v2 connection; the HubConnection holds only daemon threads and pooled ones. */
  @Override
  public void close() {
    mux.close();
  }
}
