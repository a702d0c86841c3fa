/**
 * The device library: keeps the device's control channel to the hub open (reconnecting forever with
 * backoff and jitter), hands each stream request to a {@link
 * io.devstreams.device.StreamRequestHandler} that accepts or rejects it, answers the hub and opens
 * accepted streams as {@link io.devstreams.protocol.tunnel.StreamChannel}s.
 *
 * <p>It decides nothing about which services a device exposes: that is the handler's job (the
 * {@code devstreams-device} agent's is in {@code io.devstreams.device.cli}). It depends on {@code
 * protocol} and the JDK only, and never logs a key or a token.
 */
package io.devstreams.device;
