/**
 * The device registry, the shared access policies and the stream history: JPA entities behind
 * {@code @Transactional} services that hand out records ({@link
 * io.devstreams.hub.registry.DeviceView}), never entities. It enforces the registry's rules (device
 * ids, keys, etags, paging) and implements the authentication ports of {@code hub.auth}. It knows
 * no transport: no JAX-RS, no WebSocket.
 */
package io.devstreams.hub.registry;
