/**
 * Turns every failure of the REST API into an RFC 9457 {@code application/problem+json} response
 * with Azure's numeric {@code errorCode} member and {@code iothub-errorcode} header. Only the
 * message of a {@link io.devstreams.hub.errors.HubException} reaches the caller; an unexpected
 * exception is logged with its stack and answered with a generic 500.
 */
package io.devstreams.hub.api.problem;
