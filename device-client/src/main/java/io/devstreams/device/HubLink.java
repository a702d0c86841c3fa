package io.devstreams.device;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One connection of a device to its hub, as the {@link ControlLoop} runs it: a v1 control channel
 * ({@link ControlConnection}, streams on WebSockets of their own) or a v2 connection ({@link
 * MuxLink}, streams inside it). Reports its end through the callback it was made with.
 */
interface HubLink {

  /** How the connection ended: a close code (1006 when there was no close frame) and a phrase. */
  record End(int code, String description) {}

  /** Makes the loop's next link; {@code ended} is called once when it ends. */
  @FunctionalInterface
  interface Factory {
    HubLink newLink(java.util.function.Consumer<HubLink> ended);
  }

  /**
   * Opens the connection with a SAS token, or none for a device whose certificate is its
   * credential; the future fails if the handshake does.
   */
  CompletableFuture<?> open(String sasToken);

  /** Returns how the connection ended, or null while it is open. */
  End end();

  /** Returns whether nothing came from the hub for {@code quiet}. */
  boolean silentFor(Duration quiet);

  /** Pings the hub. */
  void ping();

  /** Starts the closing handshake. */
  void close(int code, String reason);

  /** Drops the connection at once, recording {@code why} as how it ended. */
  void abort(String why);

  /** Starts delivering the hub's requests; the owner calls this once it has recorded the link. */
  void receive();
}
