package io.devstreams.device;

import io.devstreams.protocol.mux.MuxOptions;
import io.devstreams.protocol.mux.MuxSession;
import io.devstreams.protocol.tunnel.HubEndpoint;
import io.devstreams.protocol.tunnel.StreamResult;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A device's v2 connection ({@code wss://HOST/v2/devices/{id}}): the control channel and every
 * stream in one {@link MuxSession}. Each stream the hub offers is decided on its own thread by the
 * {@link StreamRequests}, and accepted streams are handed over at once: no second connection. The
 * session pings a silent hub and gives it up by itself.
 */
final class MuxLink implements HubLink {

  private final HubEndpoint endpoint;
  private final String path;
  private final MuxOptions options;
  private final StreamRequests requests;
  private final Consumer<HubLink> ended;
  private final Executor connector;
  private volatile MuxSession session;
  private volatile End end;

  MuxLink(
      HubEndpoint endpoint,
      String path,
      MuxOptions options,
      StreamRequests requests,
      Consumer<HubLink> ended,
      Executor connector) {
    this.endpoint = endpoint;
    this.path = path;
    this.options = options;
    this.requests = requests;
    this.ended = ended;
    this.connector = connector;
  }

  @Override
  public CompletableFuture<?> open(String sasToken) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            MuxSession opened =
                MuxSession.connect(
                    endpoint,
                    path,
                    sasToken,
                    options,
                    offer -> requests.serve(offer, endpoint.hostName()));
            session = opened;
            opened.closed().thenAccept(this::closed);
            return opened;
          } catch (IOException e) {
            throw new CompletionException(e);
          }
        },
        connector);
  }

  private void closed(StreamResult result) {
    if (end == null) {
      end =
          new End(
              result.closeCode(),
              result.closeCode() == StreamResult.ABNORMAL_CLOSURE
                  ? result.closeReason()
                  : ControlConnection.describeClose(result.closeCode(), result.closeReason()));
    }
    ended.accept(this);
  }

  @Override
  public End end() {
    return end;
  }

  @Override
  public boolean silentFor(Duration quiet) {
    return false; // the session keeps its own heartbeat
  }

  @Override
  public void ping() {
    // the session pings a silent hub by itself
  }

  @Override
  public void close(int code, String reason) {
    MuxSession open = session;
    if (open != null) {
      open.close(code, reason);
    }
  }

  @Override
  public void abort(String why) {
    end = new End(StreamResult.ABNORMAL_CLOSURE, why);
    MuxSession open = session;
    if (open != null) {
      open.abort(why);
    }
  }

  @Override
  public void receive() {
    // offers are served as they come
  }
}
