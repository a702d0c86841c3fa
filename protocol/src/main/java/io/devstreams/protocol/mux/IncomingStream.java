package io.devstreams.protocol.mux;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stream the hub offers a device ({@code OPEN} from the hub): the device answers once, with
 * {@link #accept} or {@link #refuse}.
 */
public final class IncomingStream {

  private final MuxSession session;
  private final MuxStream stream;
  private final StreamOffer offer;
  private final AtomicBoolean answered = new AtomicBoolean();

  IncomingStream(MuxSession session, MuxStream stream, StreamOffer offer) {
    this.session = session;
    this.stream = stream;
    this.offer = offer;
  }

  /** Returns what the hub asks for: the service name and the hub's stream id. */
  public StreamOffer offer() {
    return offer;
  }

  /**
   * Accepts the stream (sends {@code ACCEPT}) and returns it, ready for data both ways.
   *
   * @throws IllegalStateException if the offer was answered before
   */
  public MuxStream accept() {
    answerOnce();
    session.accept(stream, offer);
    return stream;
  }

  /**
   * Refuses the stream (sends {@code REFUSE} with {@code message}, which the service side sees).
   *
   * @throws IllegalStateException if the offer was answered before
   */
  public void refuse(String message) {
    answerOnce();
    session.refuse(stream, message);
  }

  private void answerOnce() {
    if (!answered.compareAndSet(false, true)) {
      throw new IllegalStateException("stream offer " + offer.streamId() + " already answered");
    }
  }
}
