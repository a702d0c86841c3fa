/**
 * The web console's HTTP adapter: its static page and assets, sign-in and sign-out, the security
 * headers of everything under {@code /console}, and thin JAX-RS resources over the services of
 * {@code hub.console}. The resources sit behind the same authentication and rights filters as the
 * REST API (a console session stands for its policy), and each names the right of the REST
 * operation it mirrors.
 */
package io.devstreams.hub.api.console;
