/**
 * The client end of the wire: TLS trust for the hub, the hub's endpoint and proxy settings as one
 * shared JDK {@link java.net.http.HttpClient}, and {@link
 * io.devstreams.protocol.tunnel.StreamChannel}, which bridges one stream's WebSocket to a local
 * socket or to standard input and output, or hands it to the application as a {@link
 * io.devstreams.protocol.tunnel.StreamConnection} of input and output streams, with flow control
 * and {@code fin} half-close.
 *
 * <p>Used by the device agent and the service CLI alike; depends on the JDK only (HTTP/1.1 {@code
 * java.net.http.WebSocket}). It carries bytes and reports how a stream ended, and leaves policy
 * (which service, which device, when to reconnect) and logging of stream lifecycles to its callers.
 * It never puts a key or a token into a message, a log line or a {@code toString()}.
 */
package io.devstreams.protocol.tunnel;
