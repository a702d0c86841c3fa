package io.devstreams.hub.control.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/**
 * When the client has nothing more to send, which decides whether a channel the hub closes waits
 * for the client's close frame (see GuardedUpgrade): a whole close frame, the end of the input, a
 * reset, a container error or a broken rule, and nothing else.
 */
class GuardedInputTest {
  private final Script script = new Script();
  private final GuardedInput input =
      new GuardedInput(script, new FrameGuard(65536), violation -> {});

  @Test
  void framesOtherThanCloseLeaveTheClientTalking() throws IOException {
    script.next.add(new byte[] {(byte) 0x89, (byte) 0x80, 1, 2, 3, 4}); // a masked empty ping

    input.read(new byte[64], 0, 64);

    assertThat(input.isDone()).isFalse();
  }

  @Test
  void aWholeCloseFrameEndsTheClient() throws IOException {
    script.next.add(new byte[] {(byte) 0x88, (byte) 0x82, 1, 2, 3, 4, 5});
    script.next.add(new byte[] {6});

    input.read(new byte[64], 0, 64);
    assertThat(input.isDone()).as("half the close code").isFalse();
    input.read(new byte[64], 0, 64);

    assertThat(input.isDone()).isTrue();
  }

  @Test
  void theEndOfTheInputEndsTheClient() throws IOException {
    assertThat(input.read(new byte[64], 0, 64)).isEqualTo(-1);

    assertThat(input.isDone()).isTrue();
  }

  @Test
  void aResetEndsTheClient() {
    script.reset = true;

    assertThatThrownBy(() -> input.read(new byte[64], 0, 64)).isInstanceOf(IOException.class);

    assertThat(input.isDone()).isTrue();
  }

  @Test
  void anUnmaskedFrameEndsTheClient() {
    script.next.add(new byte[] {(byte) 0x81, 0x01, 'x'});

    assertThatThrownBy(() -> input.read(new byte[64], 0, 64)).isInstanceOf(IOException.class);

    assertThat(input.isDone()).isTrue();
  }

  @Test
  void theContainersEndOrErrorEndsTheClient() throws IOException {
    Listener tyrus = new Listener();
    input.setReadListener(tyrus);

    script.listener.onAllDataRead();

    assertThat(input.isDone()).isTrue();
    assertThat(tyrus.events).containsExactly("all data read");

    GuardedInput other = new GuardedInput(script, new FrameGuard(65536), violation -> {});
    other.setReadListener(tyrus);
    script.listener.onError(new IOException("reset"));
    assertThat(other.isDone()).isTrue();
    assertThat(tyrus.events).containsExactly("all data read", "error reset");
  }

  /** The container's input: chunks to return, then the end (or a reset). */
  private static final class Script extends ServletInputStream {
    final Deque<byte[]> next = new ArrayDeque<>();
    boolean reset;
    ReadListener listener;

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (reset) {
        throw new IOException("Connection reset by peer");
      }
      byte[] chunk = next.poll();
      if (chunk == null) {
        return -1;
      }
      System.arraycopy(chunk, 0, b, off, chunk.length);
      return chunk.length;
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isFinished() {
      return next.isEmpty();
    }

    @Override
    public boolean isReady() {
      return !next.isEmpty();
    }

    @Override
    public void setReadListener(ReadListener readListener) {
      listener = readListener;
    }
  }

  private static final class Listener implements ReadListener {
    final java.util.List<String> events = new java.util.ArrayList<>();

    @Override
    public void onDataAvailable() {
      events.add("data");
    }

    @Override
    public void onAllDataRead() {
      events.add("all data read");
    }

    @Override
    public void onError(Throwable t) {
      events.add("error " + t.getMessage());
    }
  }
}
