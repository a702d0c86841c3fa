package io.devstreams.grizzly;

import java.io.IOException;
import java.time.Duration;
import java.util.logging.Logger;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.portunif.PUFilter;
import org.glassfish.grizzly.portunif.PUProtocol;
import org.glassfish.grizzly.portunif.ProtocolFinder;

/**
 * A listener's port-unification filter that gives each request a deadline ({@link
 * RequestDeadlines}): it sees every connection's accept and reads, after TLS and before HTTP, and
 * puts a {@link RequestProgressFilter} right after the HTTP codec of the protocol it serves. That
 * filter sees every write too, and has the TLS buffer Grizzly keeps after it released ({@link
 * KeptTlsBuffers}). Added to a listener's chain, it puts {@link TlsReadSize} under its TLS layer.
 *
 * <p>Payara instantiates it by name, with no arguments, from the listener's {@code
 * port-unification} element; the timeout is the system property {@value #TIMEOUT_PROPERTY}
 * (seconds, default {@value #DEFAULT_TIMEOUT_SECONDS}), set like any hub setting ({@code
 * DEVSTREAMS_HUB_JAVA_OPTS}) and validated by the hub WAR at start.
 */
public class RequestDeadlineFilter extends PUFilter {
  /** The system property with the deadline in seconds. */
  public static final String TIMEOUT_PROPERTY = "devstreams.http.request-timeout-seconds";

  /** The deadline when the property is not set. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 30;

  private static final Logger LOG = Logger.getLogger(RequestDeadlineFilter.class.getName());

  private final RequestDeadlines deadlines;
  private final KeptTlsBuffers keptTlsBuffers = new KeptTlsBuffers();

  /** The filter Payara creates, with the timeout of {@value #TIMEOUT_PROPERTY}. */
  public RequestDeadlineFilter() {
    this(configuredTimeout());
  }

  /**
   * A filter with the given timeout.
   *
   * @param timeout how long a connection may take over one request, from its first byte (from its
   *     accept for the first request)
   */
  public RequestDeadlineFilter(Duration timeout) {
    super(false);
    this.deadlines = new RequestDeadlines(timeout);
    LOG.fine(() -> "request deadline " + timeout.toSeconds() + " s");
  }

  /** Also lets the listener read a streaming connection more at a time ({@link TlsReadSize}). */
  @Override
  public void onAdded(FilterChain chain) {
    super.onAdded(chain);
    TlsReadSize.install(chain);
  }

  @Override
  public PUProtocol register(ProtocolFinder finder, FilterChain chain) {
    int codec = chain.indexOfType(HttpServerFilter.class);
    if (codec < 0) {
      throw new IllegalStateException(
          "the protocol of this listener has no HTTP codec to put the request deadline after");
    }
    chain.add(codec + 1, new RequestProgressFilter(deadlines, keptTlsBuffers));
    return super.register(finder, chain);
  }

  @Override
  public NextAction handleAccept(FilterChainContext ctx) throws IOException {
    deadlines.accepted(ctx.getConnection());
    return super.handleAccept(ctx);
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    deadlines.bytesArrived(ctx.getConnection());
    return super.handleRead(ctx);
  }

  /** The deadlines this filter keeps (for tests). */
  RequestDeadlines deadlines() {
    return deadlines;
  }

  /** What releases the TLS buffers of connections that wrote (for tests). */
  KeptTlsBuffers keptTlsBuffers() {
    return keptTlsBuffers;
  }

  private static Duration configuredTimeout() {
    String value = System.getProperty(TIMEOUT_PROPERTY);
    if (value == null || value.isBlank()) {
      return Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
    }
    try {
      return Duration.ofSeconds(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          TIMEOUT_PROPERTY + " must be a whole number of seconds, got '" + value + "'", e);
    }
  }
}
