/**
 * The hub's own series for Prometheus: counters and a set-up time histogram fed by the stream
 * broker's {@link io.devstreams.hub.streams.StreamEvents} and device presence's {@link
 * io.devstreams.hub.control.DeviceEvents}, read with the broker's and the channels' gauges and the
 * JVM's at each scrape and written in Prometheus' text format on {@code /metrics}. It counts and
 * writes; it never changes a stream or a channel, and never names a device (no per-device labels).
 */
package io.devstreams.hub.metrics;
