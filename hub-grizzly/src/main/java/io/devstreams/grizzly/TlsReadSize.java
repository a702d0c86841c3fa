package io.devstreams.grizzly;

import java.io.IOException;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.filterchain.TransportFilter;
import org.glassfish.grizzly.ssl.SSLBaseFilter;

/**
 * Lets a TLS listener read a streaming connection eight TLS records at a time instead of two (ADR
 * 0013).
 *
 * <p>Grizzly's TLS layer gives the transport a new input buffer of twice the TLS packet size
 * (33,418 bytes) for every read ({@code SSLUtils.allocateInputBuffer}). A connection that sends a
 * gigabyte is then read in some 32,000 reads, and each read is a hand-off from the selector thread
 * to a worker and a wake-up of the selector to watch the socket again: in a hub relaying a bulk
 * transfer, more CPU than the decryption. This filter sits between Grizzly's TLS wrapper and the
 * transport. When a connection's last read filled its buffer, so that more is likely waiting, it
 * replaces the buffer with one of {@link #BYTES}; a read still takes only what the socket has.
 * Other reads keep Grizzly's buffer, which comes from the worker's pool of buffers: a larger one is
 * a new array, and a connection that sends a little at a time gains nothing from it.
 */
final class TlsReadSize extends TransportFilter {

  /** The input buffer of a connection that streams: eight TLS packets of 16,709 bytes. */
  static final int BYTES = 8 * 16_709;

  /** Whether a connection's last read filled its buffer. */
  private static final Attribute<Boolean> FILLED =
      Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute("devstreams.tls.read-filled");

  private TlsReadSize() {}

  /**
   * Puts the filter under the TLS wrapper of {@code chain}, once.
   *
   * @return whether it was put there now: false for a chain without TLS, or one that has it already
   */
  static boolean install(FilterChain chain) {
    int wrapper = chain.indexOfType(Wrappers.GRIZZLY);
    int tls = chain.indexOfType(SSLBaseFilter.class);
    if (wrapper < 0 || tls < 0 || chain.get(wrapper).getClass() == Wrappers.OURS) {
      return false;
    }
    chain.set(wrapper, Wrappers.wrap(new TlsReadSize(), (SSLBaseFilter) chain.get(tls)));
    return true;
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    Connection<?> connection = ctx.getConnection();
    if (ctx.getMessage() instanceof Buffer given
        && given.position() == 0
        && given.capacity() < BYTES
        && Boolean.TRUE.equals(FILLED.get(connection))) {
      given.tryDispose();
      Buffer larger = ctx.getMemoryManager().allocate(BYTES);
      larger.allowBufferDispose(true);
      ctx.setMessage(larger);
    }
    int room = ctx.getMessage() instanceof Buffer buffer ? buffer.remaining() : 0;
    NextAction next = super.handleRead(ctx);
    if (room > 0 && ctx.getMessage() instanceof Buffer read) {
      FILLED.set(connection, read.remaining() >= room);
    }
    return next;
  }

  /** Where Grizzly's TLS wrapper of the transport, a protected class, can be named and extended. */
  private abstract static class Wrappers extends SSLBaseFilter {
    static final Class<? extends TransportFilter> GRIZZLY = SSLTransportFilterWrapper.class;
    static final Class<? extends TransportFilter> OURS = Ours.class;

    static TransportFilter wrap(TransportFilter transport, SSLBaseFilter tls) {
      return new Ours(transport, tls);
    }

    /** Grizzly's wrapper around this filter, told apart from the one it replaces. */
    private static final class Ours extends SSLTransportFilterWrapper {
      Ours(TransportFilter transport, SSLBaseFilter tls) {
        super(transport, tls);
      }
    }
  }
}
