/**
 * A deadline for every HTTP request the hub's listeners read: Payara's own timer restarts with each
 * byte, so a client that drips its request head or body a byte at a time would hold a connection
 * (and, for a body, a worker thread) for as long as it likes.
 *
 * <p>Payara builds its listeners at boot, before the hub WAR exists, and offers one documented
 * place for a filter of ours in front of its HTTP codec: the class of a listener's port-unification
 * filter. {@link io.devstreams.grizzly.RequestDeadlineFilter} is that filter; {@code
 * bin/devstreams-hub} puts this jar on Payara's class path ({@code --addlibs}) and names it in the
 * listener configuration. The same filter lets go of the TLS buffer Grizzly keeps after each write
 * ({@link io.devstreams.grizzly.KeptTlsBuffers}, ADR 0008). Grizzly API only: nothing here may
 * depend on Payara or on the hub WAR.
 */
package io.devstreams.grizzly;
