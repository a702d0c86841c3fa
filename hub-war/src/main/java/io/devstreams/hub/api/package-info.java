/**
 * The main endpoint's REST adapter (JAX-RS): authentication and rights filters, the body limit, the
 * device registry resources and their Azure-shaped JSON. Resources parse, call one service method
 * and map the result; they hold no {@code EntityManager} and no business rule. Nothing outside this
 * package depends on it.
 */
package io.devstreams.hub.api;
