package io.devstreams.grizzly;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;

/**
 * Sits right after the HTTP codec and tells {@link RequestDeadlines} when a request has arrived in
 * full (the codec hands on its last content) and when the hub has answered an upgrade with 101, and
 * {@link KeptTlsBuffers} of every write (upgraded connections' too).
 */
final class RequestProgressFilter extends BaseFilter {
  private final RequestDeadlines deadlines;
  private final KeptTlsBuffers keptTlsBuffers;

  RequestProgressFilter(RequestDeadlines deadlines, KeptTlsBuffers keptTlsBuffers) {
    this.deadlines = deadlines;
    this.keptTlsBuffers = keptTlsBuffers;
  }

  @Override
  public NextAction handleRead(FilterChainContext ctx) throws IOException {
    if (ctx.getMessage() instanceof HttpContent content
        && content.isLast()
        && content.getHttpHeader().isRequest()) {
      deadlines.requestComplete(ctx.getConnection());
    }
    return ctx.getInvokeAction();
  }

  @Override
  public NextAction handleWrite(FilterChainContext ctx) throws IOException {
    keptTlsBuffers.wrote(ctx.getConnection());
    if (ctx.getMessage() instanceof HttpPacket packet
        && packet.getHttpHeader() instanceof HttpResponsePacket response
        && response.getStatus() == 101) {
      deadlines.upgraded(ctx.getConnection());
    }
    return ctx.getInvokeAction();
  }
}
