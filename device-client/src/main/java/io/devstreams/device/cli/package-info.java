/**
 * The {@code devstreams-device} agent: parses its flags and environment, maps stream names to local
 * TCP services ({@code --service NAME=HOST:PORT}) and bridges each accepted stream to a fresh
 * connection to its service, many at once.
 *
 * <p>Nothing but the configured services is reachable through the agent: an unknown name is
 * rejected with a reason, and the agent is never an open proxy. It takes secrets from the
 * environment or a file, never from a flag, and logs one line per event to standard error.
 *
 * <p>Internal: not part of the library's API (docs/java.md), left out of its Javadoc, and free to
 * change in any release.
 */
package io.devstreams.device.cli;
