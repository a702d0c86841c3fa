/**
 * The hub's own server side of RFC 6455, shared by the v1 relay ({@code hub.streams.ws}) and the v2
 * connections ({@code hub.mux}): the opening handshake's checks, a frame decoder that unmasks
 * payload as it arrives, frame headers and close frames, the serial task every upgraded connection
 * does its I/O in, and closing connections off the container's threads.
 *
 * <p>It knows nothing of streams or the broker.
 */
package io.devstreams.hub.ws;
