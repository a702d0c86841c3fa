/**
 * Azure IoT Hub's own service SDKs against the real hub: Microsoft's Java {@code
 * iot-service-client} in this JVM and the Node.js {@code azure-iothub} package as a process. The
 * hub runs on port 443, which both SDKs assume, so these tests need root and take a lock on {@code
 * /tmp/devstreams-443.lock}; traffic stays on loopback.
 */
package io.devstreams.compat;
