package io.devstreams.protocol;

/**
 * Stream data plane, either direction: the sender's local TCP side half-closed, so no more data
 * follows from it; the receiver shuts down output to its local socket and keeps reading.
 */
public record Fin() implements ControlMessage {}
