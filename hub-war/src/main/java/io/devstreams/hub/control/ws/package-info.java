/**
 * The WebSocket adapter of the device control channel: a Tyrus endpoint per connection, the servlet
 * filter that counts the connection against its remote address and authenticates the device before
 * the upgrade, and a guard between the socket and Tyrus that fails the connection on frames Tyrus
 * would accept (unmasked, longer than 64 KiB). It parses, calls the control services and maps their
 * outcomes; it holds no shared state.
 */
package io.devstreams.hub.control.ws;
