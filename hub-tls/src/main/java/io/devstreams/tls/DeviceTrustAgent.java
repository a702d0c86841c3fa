package io.devstreams.tls;

/**
 * The {@code -javaagent} entry point: registers {@link DeviceTrustProvider} before Payara boots.
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
  }
}
