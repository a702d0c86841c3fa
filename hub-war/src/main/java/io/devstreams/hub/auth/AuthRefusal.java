package io.devstreams.hub.auth;

import io.devstreams.hub.errors.HubException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** One way to refuse a credential: a log line with the address and reason, a uniform 401. */
final class AuthRefusal {
  private static final int MAX_LOGGED_NAME = 64;

  private AuthRefusal() {}

  /** Logs the refusal (never the credential) and returns the uniform UNAUTHORIZED. */
  static HubException refuse(Logger log, String remote, String reason) {
    log.log(Level.INFO, "authentication failed from {0}: {1}", printable(remote), reason);
    return HubException.unauthorized();
  }

  /** Keeps caller-supplied text to one short printable line in the log. */
  static String printable(String text) {
    if (text == null) {
      return "unknown";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < MAX_LOGGED_NAME; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return text.length() > MAX_LOGGED_NAME ? out + "..." : out.toString();
  }
}
