package io.devstreams.hub.console;

import io.devstreams.hub.auth.Principal;

/**
 * A successful sign-in: what the browser gets as its cookie (once; the hub keeps only its digest),
 * the session and the policy's principal.
 *
 * @param cookieValue the session's secret, for the HttpOnly cookie
 * @param session the session as the hub keeps it
 * @param principal the policy with its rights
 */
public record SignIn(String cookieValue, ConsoleSession session, Principal principal) {

  /** Describes the sign-in without the cookie value. */
  @Override
  public String toString() {
    return "SignIn[" + session + "]";
  }
}
