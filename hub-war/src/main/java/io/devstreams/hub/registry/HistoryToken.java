package io.devstreams.hub.registry;

import io.devstreams.hub.errors.HubException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque continuation of a stream history listing: the row id the next page starts below,
 * base64url-encoded so that clients treat it as a token rather than build it.
 *
 * @param beforeId the listing continues with rows older than this one
 */
record HistoryToken(long beforeId) {

  private static final String VERSION = "h1:";

  /** Renders the token for the {@code x-ms-continuation} header. */
  String encode() {
    byte[] text = (VERSION + beforeId).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
  }

  /**
   * Reads a token made by {@link #encode()}.
   *
   * @throws HubException BAD_REQUEST if the token was not made by this hub
   */
  static HistoryToken decode(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(VERSION)) {
        long id = Long.parseLong(text.substring(VERSION.length()));
        if (id > 0) {
          return new HistoryToken(id);
        }
      }
    } catch (IllegalArgumentException e) {
      // NumberFormatException included: answered below like any other foreign token
    }
    throw HubException.badRequest(
        "x-ms-continuation is not a stream history token from this hub; start the listing again");
  }
}
