package io.devstreams.hub.registry;

import io.devstreams.hub.errors.HubException;
import io.devstreams.protocol.DeviceIds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque continuation of a device listing: the last id of the previous page, base64url-encoded
 * so that clients treat it as a token rather than build it.
 *
 * @param afterId the listing continues with ids greater than this one
 */
record PageToken(String afterId) {

  private static final String VERSION = "v1:";

  /** Renders the token for the {@code x-ms-continuation} header. */
  String encode() {
    byte[] text = (VERSION + afterId).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
  }

  /**
   * Reads a token made by {@link #encode()}.
   *
   * @throws HubException BAD_REQUEST if the token was not made by this hub
   */
  static PageToken decode(String token) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (!text.startsWith(VERSION) || !DeviceIds.isValid(text.substring(VERSION.length()))) {
      throw invalid();
    }
    return new PageToken(text.substring(VERSION.length()));
  }

  private static HubException invalid() {
    return HubException.badRequest(
        "x-ms-continuation is not a continuation token from this hub; start the listing again");
  }
}
