package io.devstreams.protocol;

/**
 * A JSON text-frame message: {@link StreamRequest} and {@link StreamResponse} on the device control
 * channel, {@link Fin} on a stream's data plane; {@link ControlMessages} encodes and decodes them.
 */
public sealed interface ControlMessage permits StreamRequest, StreamResponse, Fin {}
