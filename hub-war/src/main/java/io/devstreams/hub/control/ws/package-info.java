/**
 * The WebSocket adapter of the device control channel: a Tyrus endpoint per connection and the
 * servlet filter that counts the connection against its remote address and authenticates the device
 * before the upgrade. It parses, calls the control services and maps their outcomes; it holds no
 * shared state.
 */
package io.devstreams.hub.control.ws;
