/**
 * The clients' own RFC 6455 client over a blocking {@link javax.net.ssl.SSLSocket}: the opening
 * handshake (through an HTTP CONNECT proxy when one is set), masked frames written straight into
 * the TLS connection a long at a time, and server frames parsed from it. It carries protocol v2
 * (ADR 0012), where the JDK's {@code java.net.http.WebSocket} cost twice the CPU per byte.
 *
 * <p>It is a client for the hub and nothing more: no extensions, no compression, no redirects; a
 * connection is used by one reader thread and by writers that take turns under their own lock.
 */
package io.devstreams.protocol.websocket;
