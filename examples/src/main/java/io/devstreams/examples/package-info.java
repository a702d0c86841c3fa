/**
 * Two short programs on the devstreams Java libraries, as a user's project has them: {@link
 * io.devstreams.examples.OpenStream} opens a stream to a device from a Java service and uses it
 * like a socket, and {@link io.devstreams.examples.ServeStream} serves streams on a device from
 * Java code. They use only the libraries' entry points ({@code ServiceClient}, {@code
 * DeviceClient}).
 */
package io.devstreams.examples;
