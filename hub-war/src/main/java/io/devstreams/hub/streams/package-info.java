/**
 * Stream admission and pairing: {@link io.devstreams.hub.streams.StreamAdmission} turns requests
 * into pending streams with random ids and single-use, side-bound bearer tokens under the limits
 * ({@link io.devstreams.hub.settings.StreamLimits}); {@link
 * io.devstreams.hub.streams.StreamPairing} pairs the device side with the service side, watches
 * their liveness and ends them; {@link io.devstreams.hub.streams.StreamStatistics} keeps the counts
 * behind the metrics. The {@link io.devstreams.hub.streams.StreamBroker} holds the one table of
 * shared stream state they work on. One {@link io.devstreams.hub.streams.StreamRecord} per stream
 * request goes to a {@link io.devstreams.hub.streams.StreamRecorder}, which must never block.
 * Connections are seen only as {@link io.devstreams.hub.streams.StreamPeer}s: nothing here touches
 * bytes on the wire or imports Servlet, JAX-RS or WebSocket types; the relays live in {@code
 * hub.streams.ws} and {@code hub.mux}.
 */
package io.devstreams.hub.streams;
