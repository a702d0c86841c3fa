/**
 * The service-side Java library: a {@link io.devstreams.service.HubConnection} to the hub's main
 * endpoint, a {@link io.devstreams.service.RegistryClient} for its device registry, a {@link
 * io.devstreams.service.ServiceClient} that requests, joins and lists streams, and the {@link
 * io.devstreams.service.LocalForwarder}, the service-side local proxy (one stream per accepted TCP
 * connection).
 *
 * <p>It uses only the JDK's HTTP client (HTTP/1.1, one client for REST and stream WebSockets, from
 * {@code io.devstreams.protocol.tunnel}) and JSON-B, authenticates every request with a short-lived
 * SAS token made from a shared access policy, and turns every failure into an unchecked exception
 * that says what went wrong: {@link io.devstreams.service.HubException} when the hub answered with
 * an error, {@link io.devstreams.service.HubConnectionException} when it could not be talked to,
 * {@link io.devstreams.service.StreamRejectedException} when a device said no. It never logs keys
 * or tokens and knows nothing about the command line.
 *
 * <p>API status: this package is the public API of {@code io.devstreams:devstreams-service-client}
 * (docs/java.md); its public types may be used by applications, and changes to them are recorded in
 * the changelog (before 1.0 a minor version may change them). Package-private types are internal.
 * {@code io.devstreams.service.cli} is the command-line program, not API.
 */
package io.devstreams.service;
