/**
 * The hub's error model: one domain exception, {@link io.devstreams.hub.errors.HubException}, with
 * its kind and stable error code, and {@link io.devstreams.hub.errors.Problem}, the problem+json
 * document every adapter sends for it. It is a package of its own because registry, auth, streams
 * and all adapters (REST, control channel, streams) use it and it must depend on none of them. It
 * holds no HTTP, servlet or WebSocket types: adapters set statuses, headers and close codes.
 */
package io.devstreams.hub.errors;
