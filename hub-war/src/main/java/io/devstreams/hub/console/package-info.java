/**
 * The web console's services: sign-in sessions that stand for a shared access policy (its rights,
 * re-read on every request), the live feeds of streams and devices, the hub's figures over the last
 * hour, and the device operations and audit export the console offers. It calls the same registry
 * and broker services as the REST API and knows no transport: no JAX-RS, no servlet, no WebSocket
 * (the adapter is {@code hub.api.console}). It never keeps a policy key, only its SHA-256.
 */
package io.devstreams.hub.console;
