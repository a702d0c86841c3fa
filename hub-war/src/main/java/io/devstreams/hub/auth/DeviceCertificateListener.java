package io.devstreams.hub.auth;

/**
 * The hub's listener for devices that authenticate with their X.509 certificate (mutual TLS).
 *
 * @param port the local port it listens on, or 0 when the hub runs without one
 * @param publicHost the {@code host:port} such devices connect to, as in their connection strings
 */
public record DeviceCertificateListener(int port, String publicHost) {

  /** Returns whether a request that arrived on {@code localPort} came through this listener. */
  public boolean isOn(int localPort) {
    return port != 0 && localPort == port;
  }
}
