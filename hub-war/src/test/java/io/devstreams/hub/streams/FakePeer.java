package io.devstreams.hub.streams;

import java.util.ArrayList;
import java.util.List;

/** A {@link StreamPeer} that records what the broker asked of it. */
final class FakePeer implements StreamPeer {

  final List<StreamPeer> partners = new ArrayList<>();
  Integer closeCode;
  String closeReason;
  int closeCalls;
  int pings;
  int wakes;
  boolean aborted;
  boolean closed;
  long heard;
  boolean heldBack;
  long relayed;
  long buffered;

  @Override
  public void paired(StreamPeer partner) {
    partners.add(partner);
  }

  @Override
  public Outflow outflow() {
    return new Outflow() {
      @Override
      public Piece peek() {
        return null;
      }

      @Override
      public void take(int n) {}

      @Override
      public boolean isDrained() {
        return true;
      }
    };
  }

  @Override
  public void wake() {
    wakes++;
  }

  @Override
  public void close(int code, String reason) {
    closeCalls++;
    if (closeCode == null) {
      closeCode = code;
      closeReason = reason;
    }
  }

  @Override
  public void abort() {
    aborted = true;
  }

  @Override
  public void ping() {
    pings++;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public long bytesHeard() {
    return heard;
  }

  @Override
  public boolean heldBack() {
    return heldBack;
  }

  @Override
  public long bytesRelayed() {
    return relayed;
  }

  @Override
  public long bytesBuffered() {
    return buffered;
  }
}
