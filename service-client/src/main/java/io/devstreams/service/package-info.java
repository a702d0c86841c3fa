/**
 * The service-side Java library: a {@link io.devstreams.service.HubConnection} to the hub's main
 * endpoint over HTTPS and a {@link io.devstreams.service.RegistryClient} for its device registry.
 *
 * <p>It uses only the JDK's HTTP client (HTTP/1.1) and JSON-B, authenticates every request with a
 * short-lived SAS token made from a shared access policy, and turns every failure into one of two
 * unchecked exceptions: {@link io.devstreams.service.HubException} when the hub answered with an
 * error, {@link io.devstreams.service.HubConnectionException} when it could not be talked to. It
 * never logs keys or tokens and knows nothing about the command line.
 */
package io.devstreams.service;
