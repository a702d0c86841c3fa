/**
 * SAS authentication and rights: checks a token against the hub's public host, the token lifetime
 * cap and the keys of a shared access policy or a device, and answers with a {@link
 * io.devstreams.hub.auth.Principal}. Keys come through the {@link
 * io.devstreams.hub.auth.PolicyLookup} and {@link io.devstreams.hub.auth.DeviceKeyLookup} ports,
 * which the registry implements, so this package depends on no store and no transport (no JAX-RS,
 * no WebSocket). It never logs a key, a token or a signature.
 */
package io.devstreams.hub.auth;
