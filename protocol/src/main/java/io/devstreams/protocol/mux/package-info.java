/**
 * Protocol v2 (docs/protocol.md, section 6): many streams over one WebSocket connection. The frame
 * codec and the messages that open, accept and refuse a stream, shared by the hub and the clients,
 * and the clients' session over a connection of their own ({@link
 * io.devstreams.protocol.mux.MuxSession}).
 *
 * <p>JDK only, like the rest of {@code protocol}. The hub's side of a connection lives in the hub;
 * this package never depends on it.
 */
package io.devstreams.protocol.mux;
