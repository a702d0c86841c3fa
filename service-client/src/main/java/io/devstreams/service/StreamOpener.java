package io.devstreams.service;

import io.devstreams.protocol.tunnel.TunnelStream;

/**
 * Opens streams for the local proxies ({@code forward}, {@code stdio}) and applications: over one
 * v2 connection shared by every stream ({@link MuxStreams}), or with a REST call and a WebSocket
 * per stream (protocol v1, {@link ServiceClient#perStreamConnections()}). Thread-safe.
 */
public interface StreamOpener extends AutoCloseable {

  /**
   * Opens a stream to {@code target}, ready to be bridged or connected.
   *
   * @throws DeviceNotFoundException if the hub has no such device
   * @throws StreamRejectedException if the device refused the stream, with its reason
   * @throws HubException for any other refusal (404103 not online, 504101 no answer, 429001...)
   * @throws HubConnectionException if the hub cannot be reached
   * @throws StreamOpenException if an accepted stream could not be joined (v1)
   */
  TunnelStream open(StreamTarget target);

  /** Ends the streams this opener carries and its connection, if it has one. */
  @Override
  void close();
}
