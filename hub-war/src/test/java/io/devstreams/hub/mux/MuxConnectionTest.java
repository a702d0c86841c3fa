package io.devstreams.hub.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.devstreams.hub.settings.MuxSettings;
import io.devstreams.hub.streams.Outflow;
import io.devstreams.hub.streams.Piece;
import io.devstreams.hub.streams.Side;
import io.devstreams.hub.streams.StreamPairing;
import io.devstreams.hub.streams.StreamPeer;
import io.devstreams.hub.streams.ws.FakeWebConnection;
import io.devstreams.hub.ws.ClientFrames;
import io.devstreams.hub.ws.ConnectionCloser;
import io.devstreams.hub.ws.Opcodes;
import io.devstreams.protocol.CloseCodes;
import io.devstreams.protocol.mux.Acceptance;
import io.devstreams.protocol.mux.FrameType;
import io.devstreams.protocol.mux.MuxFrames;
import io.devstreams.protocol.mux.OpenRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One v2 connection driven through the relay tests' in-memory servlet streams by hand: the test
 * decides when the client's bytes arrive and when the output may take more, so orderings that need
 * a loaded machine to occur by chance are played here one step at a time.
 */
class MuxConnectionTest {

  private static final MuxSettings SETTINGS =
      new MuxSettings(1 << 20, 16 << 20, 16, 1000, Duration.ofSeconds(30), Duration.ofSeconds(90));

  private final List<SubStream> joined = new ArrayList<>();
  private final List<String> ended = new ArrayList<>();
  private final MuxConnection mux = new MuxConnection();
  private final FakeWebConnection web = new FakeWebConnection(mux);

  /**
   * Both directions half-closed, and the broker's normal close for the stream came while the
   * connection's output was full, and stayed there past the close grace (the broker then asks for
   * an abort too). Nothing was left to send: the close goes out as the normal close it was. It once
   * went out as 4000 "aborted", and the client dropped the data it had not yet delivered to its
   * local side: 19 of 1,000 concurrent streams lost their tails in a bench run.
   */
  @Test
  void aNormalCloseHeldUpPastTheCloseGraceStillGoesOutNormal() {
    SubStream stream = openStream();
    Partner partner = new Partner();
    stream.paired(partner);
    partner.offer(Piece.data(withHeadroom("echoed"), Piece.HEADROOM, 6));
    partner.offer(Piece.fin());
    stream.wake();
    assertThat(types()).contains(FrameType.DATA, FrameType.FIN);

    web.input.feed(ClientFrames.binary(MuxFrames.frame(FrameType.FIN, 1, new byte[0])));
    web.output.stall();
    partner.takeAllFrom(stream.outflow()); // the device side got the client's FIN
    stream.close(CloseCodes.NORMAL, "the device side closed");
    stream.abort(); // the close grace passed with the output still full
    web.output.resume();

    List<byte[]> closes = payloads(FrameType.CLOSE);
    assertThat(closes).hasSize(1);
    assertThat(MuxFrames.readClose(closes.get(0), 0, closes.get(0).length).code())
        .as("the close code the client got")
        .isEqualTo(CloseCodes.NORMAL);
  }

  /** A close whose stream still has data to send, past its grace, is an abort: 4000. */
  @Test
  void aCloseHeldUpByUnsentDataIsAbortedAfterTheGrace() {
    SubStream stream = openStream();
    stream.sendWindow = 0; // the client granted nothing: the data cannot go
    Partner partner = new Partner();
    stream.paired(partner);
    partner.offer(Piece.data(withHeadroom("stuck"), Piece.HEADROOM, 5));
    stream.close(CloseCodes.NORMAL, "the device side closed");
    stream.abort();
    stream.wake();

    List<byte[]> closes = payloads(FrameType.CLOSE);
    assertThat(closes).hasSize(1);
    assertThat(MuxFrames.readClose(closes.get(0), 0, closes.get(0).length).reason())
        .isEqualTo("aborted");
    assertThat(ended).containsExactly("s1 SERVICE " + CloseCodes.PEER_CLOSED);
  }

  /**
   * A read that ends right after a DATA frame's 5-byte header, its payload in the next read (rare:
   * a read has to end at exactly that byte): the payload still reaches the stream. The hub once
   * read on into a buffer it had not yet chosen, failed the whole connection with a
   * NullPointerException, and the device lost every stream it had (seen in a 200 MiB scp).
   */
  @Test
  void aReadEndingRightAfterADataHeaderLosesNothing() {
    SubStream stream = openStream();
    byte[] frame = ClientFrames.binary(MuxFrames.frame(FrameType.DATA, 1, ascii("payload")));
    int split = frame.length - "payload".length();
    web.input.feed(Arrays.copyOfRange(frame, 0, split));
    web.input.feed(Arrays.copyOfRange(frame, split, frame.length));

    assertThat(received(stream)).isEqualTo("payload");
    assertThat(ended).as("streams ended").isEmpty();
  }

  /** The same when the header is a frame of its own, the first of a fragmented message. */
  @Test
  void aDataHeaderInAFrameOfItsOwnLosesNothing() {
    SubStream stream = openStream();
    byte[] v2 = MuxFrames.frame(FrameType.DATA, 1, ascii("payload"));
    int header = v2.length - "payload".length();
    web.input.feed(
        ClientFrames.concat(
            ClientFrames.masked(false, Opcodes.BINARY, Arrays.copyOfRange(v2, 0, header)),
            ClientFrames.masked(
                true, Opcodes.CONTINUATION, Arrays.copyOfRange(v2, header, v2.length))));

    assertThat(received(stream)).isEqualTo("payload");
    assertThat(ended).as("streams ended").isEmpty();
  }

  /** Frames that arrive a byte at a time: every boundary a read can end on. */
  @Test
  void framesArrivingAByteAtATimeLoseNothing() {
    SubStream stream = openStream();
    byte[] wire =
        ClientFrames.concat(
            ClientFrames.binary(MuxFrames.frame(FrameType.DATA, 1, ascii("one"))),
            ClientFrames.binary(MuxFrames.frame(FrameType.WINDOW, 0, MuxFrames.window(7))),
            ClientFrames.binary(MuxFrames.frame(FrameType.DATA, 1, ascii("two, longer"))),
            ClientFrames.binary(MuxFrames.frame(FrameType.DATA, 1, ascii("3"))));
    for (int i = 0; i < wire.length; i++) {
      web.input.feed(new byte[] {wire[i]});
    }

    assertThat(received(stream)).isEqualTo("onetwo, longer3");
    assertThat(ended).as("streams ended").isEmpty();
  }

  /** What the hub's side of {@code stream} holds for its partner, as text. */
  private static String received(SubStream stream) {
    StringBuilder text = new StringBuilder();
    Outflow outflow = stream.outflow();
    Piece piece;
    while ((piece = outflow.peek()) != null) {
      text.append(
          new String(piece.array(), piece.offset(), piece.length(), StandardCharsets.US_ASCII));
      outflow.take(piece.length());
    }
    return text.toString();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Starts the connection, opens stream 1 as a client and returns the hub's side of it. */
  private SubStream openStream() {
    mux.bind(new AcceptingRole(), SETTINGS, new RecordingPairing(), new ConnectionCloser());
    mux.init(web);
    web.input.feed(
        ClientFrames.binary(MuxFrames.frame(FrameType.WINDOW, 0, MuxFrames.window(16 << 20))));
    web.input.feed(
        ClientFrames.binary(
            MuxFrames.frame(
                FrameType.OPEN, 1, new OpenRequest("dev1", "echo", 1 << 20, 0, 30).toJson())));
    assertThat(joined).hasSize(1);
    assertThat(types()).contains(FrameType.ACCEPT);
    return joined.get(0);
  }

  private static byte[] withHeadroom(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    byte[] array = new byte[Piece.HEADROOM + bytes.length];
    System.arraycopy(bytes, 0, array, Piece.HEADROOM, bytes.length);
    return array;
  }

  /** Accepts every OPEN at once as stream {@code s1}, with the window the client asked for. */
  private final class AcceptingRole implements MuxRole {
    @Override
    public Side side() {
      return Side.SERVICE;
    }

    @Override
    public String label() {
      return "service 'test'";
    }

    @Override
    public void started(MuxConnection connection) {}

    @Override
    public void heard(MuxConnection connection) {}

    @Override
    public void open(
        MuxConnection connection, SubStream stream, byte[] payload, int offset, int length) {
      stream.sendWindow = OpenRequest.parse(payload, offset, length, 1 << 20).window();
      connection.openSettled();
      connection.send(FrameType.ACCEPT, stream.id, new Acceptance(1 << 20, "s1").toJson());
      connection.join(stream, "s1");
    }

    @Override
    public void answered(
        MuxConnection connection,
        SubStream stream,
        boolean accepted,
        byte[] payload,
        int offset,
        int length) {}

    @Override
    public void ended(MuxConnection connection) {}
  }

  /** Records the streams that join and end. */
  private final class RecordingPairing extends StreamPairing {
    @Override
    public void join(String streamId, Side side, StreamPeer peer) {
      joined.add((SubStream) peer);
    }

    @Override
    public void end(String streamId, Side side, int code, String reason) {
      ended.add(streamId + " " + side + " " + code);
    }
  }

  /** The other side's peer: offers what the test gives it and takes when the test says so. */
  private static final class Partner implements StreamPeer, Outflow {
    private final ArrayDeque<Piece> pieces = new ArrayDeque<>();

    void offer(Piece piece) {
      pieces.add(piece);
    }

    void takeAllFrom(Outflow from) {
      Piece piece;
      while ((piece = from.peek()) != null) {
        from.take(piece.length());
      }
    }

    @Override
    public Piece peek() {
      return pieces.peek();
    }

    @Override
    public void take(int n) {
      Piece head = pieces.poll();
      assertThat(head.length()).as("a partner's piece is taken whole here").isEqualTo(n);
    }

    @Override
    public boolean isDrained() {
      return pieces.isEmpty();
    }

    @Override
    public void paired(StreamPeer partner) {}

    @Override
    public Outflow outflow() {
      return this;
    }

    @Override
    public void wake() {}

    @Override
    public void close(int code, String reason) {}

    @Override
    public void abort() {}

    @Override
    public void ping() {}

    @Override
    public boolean isClosed() {
      return false;
    }

    @Override
    public long bytesHeard() {
      return 0;
    }

    @Override
    public boolean heldBack() {
      return false;
    }

    @Override
    public long bytesRelayed() {
      return 0;
    }

    @Override
    public long bytesBuffered() {
      return 0;
    }
  }

  /** The types of the v2 frames the hub wrote so far, in order. */
  private List<Integer> types() {
    List<Integer> types = new ArrayList<>();
    for (ClientFrames.Frame f : ClientFrames.parse(web.output.written())) {
      if (f.opcode() == Opcodes.BINARY) {
        types.add(MuxFrames.type(f.payload(), 0));
      }
    }
    return types;
  }

  /** The payloads of the v2 frames of {@code type} the hub wrote so far. */
  private List<byte[]> payloads(int type) {
    List<byte[]> payloads = new ArrayList<>();
    for (ClientFrames.Frame f : ClientFrames.parse(web.output.written())) {
      if (f.opcode() == Opcodes.BINARY && MuxFrames.type(f.payload(), 0) == type) {
        payloads.add(Arrays.copyOfRange(f.payload(), MuxFrames.HEADER_LENGTH, f.payload().length));
      }
    }
    return payloads;
  }
}
