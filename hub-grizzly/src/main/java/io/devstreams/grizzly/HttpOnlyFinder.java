package io.devstreams.grizzly;

import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.portunif.PUContext;
import org.glassfish.grizzly.portunif.ProtocolFinder;

/**
 * The protocol finder of a listener that speaks one protocol, HTTP: every connection belongs to it
 * from its first byte, and whatever is not HTTP gets the HTTP codec's own answer (400), as it did
 * before the listener had a {@link RequestDeadlineFilter}.
 */
public final class HttpOnlyFinder implements ProtocolFinder {
  @Override
  public Result find(PUContext puContext, FilterChainContext ctx) {
    return Result.FOUND;
  }
}
