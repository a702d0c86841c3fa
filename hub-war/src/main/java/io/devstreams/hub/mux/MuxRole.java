package io.devstreams.hub.mux;

import io.devstreams.hub.streams.Side;

/**
 * What a v2 connection is for: a device's (stream requests go to it, its presence is the registry's
 * connection state) or a service process's (it opens streams). The connection does the framing; its
 * role answers what only the role knows. Called from the connection's task only.
 */
interface MuxRole {

  /** Which side of its streams the connection is. */
  Side side();

  /** A name for log lines: {@code device 'dev1'} or {@code service 'iothubowner'}. */
  String label();

  /** The connection is upgraded and ready. */
  void started(MuxConnection connection);

  /** Anything arrived from the client. */
  void heard(MuxConnection connection);

  /** The client asked for a stream ({@code OPEN}); {@code stream} waits in state OPENING. */
  void open(MuxConnection connection, SubStream stream, byte[] payload, int offset, int length);

  /** The client answered the hub's {@code OPEN} for {@code stream}. */
  void answered(
      MuxConnection connection,
      SubStream stream,
      boolean accepted,
      byte[] payload,
      int offset,
      int length);

  /** The connection is over; its streams were ended already. */
  void ended(MuxConnection connection);
}
