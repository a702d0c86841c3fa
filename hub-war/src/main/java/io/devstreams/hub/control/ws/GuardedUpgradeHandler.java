package io.devstreams.hub.control.ws;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

/**
 * The handler the container upgrades a control channel to (see {@link GuardedUpgrade}): it starts
 * Tyrus's handler on the guarded connection and stops it with the connection. Public because the
 * container creates it.
 */
public final class GuardedUpgradeHandler implements HttpUpgradeHandler {
  private HttpUpgradeHandler inner;
  private GuardedUpgrade.Connection guarded;

  /** Created by the container. */
  public GuardedUpgradeHandler() {}

  void delegateTo(HttpUpgradeHandler inner, GuardedUpgrade.Connection guarded) {
    this.inner = inner;
    this.guarded = guarded;
  }

  @Override
  public void init(WebConnection connection) {
    inner.init(guarded.wrap(connection));
  }

  /** The container is ending the upgrade: a close from now on need not wait for the client. */
  @Override
  public void destroy() {
    guarded.clientGone();
    inner.destroy();
  }
}
