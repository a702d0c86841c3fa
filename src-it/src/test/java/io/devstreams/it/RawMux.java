package io.devstreams.it;

import io.devstreams.protocol.ConnectionString;
import io.devstreams.protocol.mux.FrameType;
import io.devstreams.protocol.mux.MuxFrames;
import io.devstreams.protocol.mux.OpenRequest;
import io.devstreams.protocol.tunnel.HubEndpoint;
import io.devstreams.protocol.tunnel.HubTls;
import io.devstreams.protocol.websocket.ClientWebSocket;
import io.devstreams.protocol.websocket.WebSocketConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A protocol v2 client that does exactly what a test tells it, right or wrong: it writes the frames
 * it is given and records every frame the hub sends, so that a test can break the protocol on
 * purpose and read the hub's answer. It never grants windows unless told to.
 */
final class RawMux implements AutoCloseable {

  /** One frame the hub sent (a v2 frame, or the WebSocket close as type -1). */
  record Frame(int type, long streamId, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    int closeCode() {
      return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
    }

    String closeReason() {
      return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }
  }

  private final ClientWebSocket ws;
  private volatile boolean stopReading;
  private final Object reading = new Object();
  private final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
  private final java.util.List<Frame> kept = new java.util.ArrayList<>();
  private final byte[] header = new byte[MuxFrames.HEADER_LENGTH];

  private RawMux(ClientWebSocket ws) {
    this.ws = ws;
    Thread reader = new Thread(this::read, "raw-mux-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Connects to {@code /v2/service} as the hub's owner policy. */
  static RawMux service(HubProcess hub) throws IOException {
    String token =
        ConnectionString.parse(hub.ownerConnectionString())
            .createToken(Duration.ofHours(1), Clock.systemUTC());
    return connect(hub, MuxFrames.SERVICE_PATH, token);
  }

  static RawMux connect(HubProcess hub, String path, String token) throws IOException {
    HubEndpoint endpoint =
        HubEndpoint.of(hub.hostPort()).withSslContext(HubTls.sslContext(hub.trustCert()));
    return new RawMux(
        WebSocketConnector.connect(
            endpoint, path, WebSocketConnector.authorization(token), Duration.ofSeconds(30)));
  }

  /** Writes one frame as given. */
  synchronized void send(int type, long streamId, byte[] payload) throws IOException {
    header[0] = (byte) type;
    header[1] = (byte) (streamId >>> 24);
    header[2] = (byte) (streamId >>> 16);
    header[3] = (byte) (streamId >>> 8);
    header[4] = (byte) streamId;
    ws.sendBinary(header, header.length, payload, 0, payload.length);
  }

  /** Writes raw bytes as one binary WebSocket message (for frames shorter than a header). */
  synchronized void sendRawMessage(byte[] message) throws IOException {
    ws.sendBinary(message, message.length, new byte[0], 0, 0);
  }

  /** Grants the hub {@code bytes} on the whole connection. */
  void grantConnection(long bytes) throws IOException {
    send(FrameType.WINDOW, 0, MuxFrames.window(bytes));
  }

  /** Opens stream {@code id} to {@code device}'s {@code name}, granting a 4 MiB window. */
  void open(long id, String device, String name) throws IOException {
    send(FrameType.OPEN, id, new OpenRequest(device, name, 4 << 20, 0, 10).toJson());
  }

  /** Returns the next frame the hub sent on {@code streamId} of one of {@code types}. */
  Frame await(long streamId, int... types) throws InterruptedException {
    return await(
        f -> f.streamId() == streamId && Arrays.stream(types).anyMatch(t -> t == f.type()),
        "a frame of type " + Arrays.toString(types) + " on stream " + streamId);
  }

  /**
   * Returns the first frame matching {@code wanted}, within 30 s; frames that do not match stay for
   * later calls (answers to concurrent opens come in any order).
   */
  Frame await(Predicate<Frame> wanted, String what) throws InterruptedException {
    synchronized (kept) {
      for (java.util.Iterator<Frame> i = kept.iterator(); i.hasNext(); ) {
        Frame frame = i.next();
        if (wanted.test(frame)) {
          i.remove();
          return frame;
        }
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      long left = deadline - System.nanoTime();
      Frame frame = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
      if (frame == null) {
        throw new AssertionError("no " + what + " within 30 s");
      }
      if (wanted.test(frame)) {
        return frame;
      }
      if (frame.type() != FrameType.WINDOW) {
        synchronized (kept) {
          kept.add(frame);
        }
      }
    }
  }

  /**
   * Reads {@code length} bytes of DATA on {@code streamId}, granting its window back as it goes.
   */
  byte[] readData(long streamId, int length) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    while (out.size() < length) {
      Frame f = await(streamId, FrameType.DATA, FrameType.CLOSE);
      if (f.type() == FrameType.CLOSE) {
        throw new AssertionError(
            "stream " + streamId + " closed: " + f.closeCode() + " " + f.closeReason());
      }
      out.writeBytes(f.payload());
      send(FrameType.WINDOW, streamId, MuxFrames.window(f.payload().length));
      grantConnection(f.payload().length);
    }
    return out.toByteArray();
  }

  /**
   * Stops reading from the hub for good: its frames pile up in TCP, and its pings go unanswered.
   */
  void stopReading() {
    stopReading = true;
  }

  boolean isReading() {
    return !stopReading;
  }

  private void read() {
    try {
      while (true) {
        if (stopReading) {
          synchronized (reading) {
            while (true) {
              reading.wait(); // parked for good: the test closes the socket
            }
          }
        }
        ClientWebSocket.Kind kind = ws.read();
        byte[] m = Arrays.copyOf(ws.message(), ws.length());
        switch (kind) {
          case BINARY ->
              received.add(
                  new Frame(
                      MuxFrames.type(m, 0),
                      MuxFrames.streamId(m, 0),
                      Arrays.copyOfRange(m, MuxFrames.HEADER_LENGTH, m.length)));
          case CLOSE -> {
            byte[] code = {(byte) (ws.closeCode() >>> 8), (byte) ws.closeCode()};
            byte[] reason = ws.closeReason().getBytes(StandardCharsets.UTF_8);
            byte[] payload = Arrays.copyOf(code, 2 + reason.length);
            System.arraycopy(reason, 0, payload, 2, reason.length);
            received.add(new Frame(-1, 0, payload));
            return;
          }
          case PING -> {
            synchronized (this) {
              ws.sendPong(m, m.length);
            }
          }
          default -> {
            // pongs and text: nothing to record
          }
        }
      }
    } catch (IOException e) {
      received.add(
          new Frame(-2, 0, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    ws.close();
  }
}
