/**
 * Stream pairing: the {@link io.devstreams.hub.streams.StreamBroker} creates streams with random
 * ids and single-use, side-bound bearer tokens, pairs the device side with the service side,
 * watches their liveness, enforces the stream limits ({@link
 * io.devstreams.hub.streams.StreamLimits}) and keeps the counts behind the metrics. It hands one
 * {@link io.devstreams.hub.streams.StreamRecord} per stream request to a {@link
 * io.devstreams.hub.streams.StreamRecorder}, which must never block. It is the one place where
 * shared stream state lives, and it talks to connections only through {@link
 * io.devstreams.hub.streams.StreamPeer}. It never touches bytes on the wire and imports no Servlet,
 * JAX-RS or WebSocket types; the relay itself lives in {@code io.devstreams.hub.streams.ws}.
 */
package io.devstreams.hub.streams;
