/**
 * The device library: keeps the device's control channel to the hub open (reconnecting forever with
 * backoff and jitter), hands each stream request to a {@link
 * io.devstreams.device.StreamRequestHandler} that accepts or rejects it, answers the hub and opens
 * accepted streams as {@link io.devstreams.protocol.tunnel.StreamChannel}s.
 *
 * <p>It decides nothing about which services a device exposes: that is the handler's job (the
 * {@code devstreams-device} agent's is in {@code io.devstreams.device.cli}). It depends on {@code
 * protocol} and the JDK only, and never logs a key or a token.
 *
 * <p>API status: this package is the public API of {@code io.devstreams:devstreams-device-client}
 * (docs/java.md); its public types may be used by applications, and changes to them are recorded in
 * the changelog (before 1.0 a minor version may change them). Package-private types are internal.
 * {@code io.devstreams.device.cli} is the agent program, not API.
 */
package io.devstreams.device;
