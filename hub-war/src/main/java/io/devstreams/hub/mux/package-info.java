/**
 * Protocol v2 on the hub (docs/protocol.md, section 6; ADR 0012): one upgraded connection per
 * device and per service process, carrying many streams. Each stream is a {@link
 * io.devstreams.hub.mux.SubStream}, the broker's peer for its side, paired with whatever the other
 * side is (a v1 WebSocket, a sub-stream of another connection).
 *
 * <p>A connection does its I/O in one serial task, as the v1 relay does; streams of other
 * connections reach it only through their {@link io.devstreams.hub.streams.Outflow} and by waking
 * it. It never blocks and never stops reading a client: what a client may send is bounded by the
 * windows the hub granted.
 */
package io.devstreams.hub.mux;
