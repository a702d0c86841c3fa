/**
 * The devstreams wire contract shared by the hub and both clients: connection strings, SAS tokens,
 * identifier rules, header names, error and close codes, and the control-channel messages.
 *
 * <p>This package depends on the JDK only and does no I/O: it parses, validates, signs and renders
 * values, and leaves transport, persistence and policy decisions (which key, which rights, which
 * lifetime) to its callers. Nothing here ever puts a key, a token or a signature into an exception
 * message or a {@code toString()}.
 */
package io.devstreams.protocol;
