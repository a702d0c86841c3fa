package io.devstreams.tls;

/**
 * The {@code -javaagent} entry point: registers {@link DeviceTrustProvider} and {@link
 * HubKeyProvider} before Payara boots, and reads the operator's PEM certificate and key if the hub
 * was given them: bad files stop the JVM here with one line.
 */
public final class DeviceTrustAgent {
  private DeviceTrustAgent() {}

  /**
   * Called by the JVM before {@code main}.
   *
   * @param args the agent arguments (none are used)
   */
  public static void premain(String args) {
    DeviceTrustProvider.register();
    HubKeyProvider.register();
    try {
      HubIdentity.load();
    } catch (IllegalArgumentException e) {
      System.err.println("devstreams hub cannot start: " + e.getMessage());
      System.exit(1);
    }
  }
}
